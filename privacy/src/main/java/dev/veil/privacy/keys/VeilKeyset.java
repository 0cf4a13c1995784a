package dev.veil.privacy.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.subtle.AesSiv;
import com.google.crypto.tink.subtle.PrfHmacJce;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A set of keys, each with an id, a {@link KeyPurpose} and a status; per purpose one key is the
 * primary, used for new writes, while the others still serve reads (decryption, re-identification)
 * of outputs that carry their id. Rotation adds a new primary and keeps the old keys.
 *
 * <p>On disk a keyset is a JSON file {@code {"format": "veil-keyset/1", "encryptedKeyset":
 * "<base64>"}}: the keys are serialized to JSON and encrypted with AES-256-GCM under the
 * {@link MasterKey} (Tink's {@code AesGcmJce}, or a KMS AEAD), with the associated data
 * {@code veil-keyset/1}, the scheme of Tink's encrypted keysets. FF1 keys are raw AES-256 keys stored
 * the same way as the others, so all three purposes share one file and one master key. (Tink's own
 * keyset API, {@code KeysetHandle}, cannot be used: Tink 1.24.0's protobuf classes require
 * protobuf-java 4.x, and Veil pins 3.25.3 for Spark and Beam; see docs/anonymization.md. The
 * primitives are Tink's proto-free implementations.)
 *
 * <p>Security: key material is never put in a message, {@link #toString()} or {@link #info()}.
 * Immutable and thread-safe; the primitives it returns are thread-safe.
 */
public final class VeilKeyset {
  /** The file format word. */
  public static final String FORMAT = "veil-keyset/1";
  private static final byte[] AD = FORMAT.getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Entry(int id, KeyPurpose purpose, String status, Instant created, byte[] material) {
    @Override
    public String toString() {
      return "Entry[id=" + id + ", purpose=" + purpose + "]";
    }
  }

  private final List<Entry> entries;
  private final Map<KeyPurpose, Integer> primary;
  private final String origin;

  private VeilKeyset(List<Entry> entries, Map<KeyPurpose, Integer> primary, String origin) {
    this.entries = List.copyOf(entries);
    this.primary = Map.copyOf(primary);
    this.origin = origin;
  }

  /** A new keyset with one fresh primary key for each of {@code purposes}. */
  public static VeilKeyset create(Collection<KeyPurpose> purposes) {
    if (purposes.isEmpty()) {
      throw new IllegalArgumentException("purposes must not be empty. Provided value: []");
    }
    VeilKeyset ks = new VeilKeyset(List.of(), Map.of(), "new keyset");
    for (KeyPurpose p : new TreeSet<>(purposes)) ks = ks.rotate(p);
    return ks;
  }

  /** A new keyset with one key of every purpose. */
  public static VeilKeyset createAll() {
    return create(List.of(KeyPurpose.values()));
  }

  /** This keyset plus a fresh key of {@code purpose}, which becomes that purpose's primary. */
  public VeilKeyset rotate(KeyPurpose purpose) {
    SecureRandom rnd = new SecureRandom();
    int id;
    do {
      id = rnd.nextInt(Integer.MAX_VALUE - 1) + 1;
    } while (has(id));
    byte[] material = new byte[purpose.keyBytes()];
    rnd.nextBytes(material);
    List<Entry> es = new ArrayList<>(entries);
    es.add(new Entry(id, purpose, "ENABLED", Instant.now(), material));
    Map<KeyPurpose, Integer> pr = new EnumMap<>(KeyPurpose.class);
    pr.putAll(primary);
    pr.put(purpose, id);
    return new VeilKeyset(es, pr, origin);
  }

  private boolean has(int id) {
    for (Entry e : entries) if (e.id == id) return true;
    return false;
  }

  /** Where this keyset was read from, for messages. */
  public String origin() {
    return origin;
  }

  /** Every key's id, purpose, status and primary flag; never material. */
  public List<KeyInfo> info() {
    List<KeyInfo> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(new KeyInfo(e.id, e.purpose, e.status, primary.get(e.purpose) == e.id, e.created));
    }
    return out;
  }

  /**
   * The id of the primary key of {@code purpose}.
   *
   * @throws KeyException when the keyset has no key of that purpose
   */
  public int primaryId(KeyPurpose purpose) {
    Integer id = primary.get(purpose);
    if (id == null) {
      throw new KeyException("keyset " + origin + " has no " + purpose.word() + " key; add one with: veil keys rotate --purpose "
          + purpose.word());
    }
    return id;
  }

  private Entry entry(int id, KeyPurpose purpose) {
    List<Integer> ids = new ArrayList<>();
    for (Entry e : entries) {
      if (e.purpose != purpose) continue;
      if (e.id == id) return e;
      ids.add(e.id);
    }
    throw new KeyException("key id " + id + " is not a " + purpose.word() + " key of keyset " + origin + " (its "
        + purpose.word() + " key ids: " + ids + "); use the keyset the data was written with");
  }

  /** HMAC-SHA-256 as a Tink {@link Prf} with key {@code id}. */
  public Prf hmac(int id) {
    try {
      return new PrfHmacJce("HMACSHA256", new SecretKeySpec(entry(id, KeyPurpose.HMAC).material, "HMAC"));
    } catch (GeneralSecurityException e) {
      throw new KeyException("HMAC key " + id + " of keyset " + origin + " cannot be used: " + e.getClass().getSimpleName(), e);
    }
  }

  /** AES-256-SIV as a Tink {@link DeterministicAead} with key {@code id}. */
  public DeterministicAead aesSiv(int id) {
    try {
      return new AesSiv(entry(id, KeyPurpose.AES_SIV).material);
    } catch (GeneralSecurityException e) {
      throw new KeyException("AES-SIV key " + id + " of keyset " + origin + " cannot be used: " + e.getClass().getSimpleName(), e);
    }
  }

  /** The raw AES-256 key {@code id} for FF1, as a Bouncy Castle parameter (a copy). */
  public KeyParameter ff1(int id) {
    return new KeyParameter(entry(id, KeyPurpose.FF1).material.clone());
  }

  /**
   * Writes this keyset to {@code file}, encrypted under {@code master} (atomically: a temporary
   * file in the same folder is moved over the target).
   */
  public void write(Path file, MasterKey master) {
    ObjectNode inner = JSON.createObjectNode();
    ObjectNode pr = inner.putObject("primary");
    primary.forEach((p, id) -> pr.put(p.word(), id));
    ArrayNode keys = inner.putArray("keys");
    for (Entry e : entries) {
      keys.addObject().put("id", e.id).put("purpose", e.purpose.word()).put("status", e.status)
          .put("created", e.created.toString()).put("material", Base64.getEncoder().encodeToString(e.material));
    }
    byte[] plain = null;
    try {
      plain = JSON.writeValueAsBytes(inner);
      byte[] ct = master.aead().encrypt(plain, AD);
      ObjectNode outer = JSON.createObjectNode();
      outer.put("format", FORMAT);
      outer.put("encryptedKeyset", Base64.getEncoder().encodeToString(ct));
      Path abs = file.toAbsolutePath();
      Path tmp = Files.createTempFile(abs.getParent(), ".veil-keyset", ".tmp");
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(outer));
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (GeneralSecurityException e) {
      throw new KeyException("keyset " + file + " cannot be encrypted with the master key from " + master.source() + ": "
          + e.getClass().getSimpleName(), e);
    } catch (IOException e) {
      throw new KeyException("keyset " + file + " cannot be written: " + e.getMessage(), e);
    } finally {
      if (plain != null) java.util.Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Reads and decrypts the keyset in {@code file}.
   *
   * @throws KeyException naming the file when it is missing or malformed, and the master key's
   *     source when it does not decrypt the keyset (wrong master key or altered file)
   */
  public static VeilKeyset read(Path file, MasterKey master) {
    JsonNode outer;
    try {
      outer = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new KeyException("keyset file " + file + " does not exist; create it with: veil keys create --keyset " + file);
    } catch (IOException e) {
      throw new KeyException("keyset file " + file + " is not a readable JSON file: " + e.getClass().getSimpleName());
    }
    if (outer == null || !FORMAT.equals(outer.path("format").asText()) || !outer.path("encryptedKeyset").isTextual()) {
      throw new KeyException("keyset file " + file + " is not a Veil keyset (expected {\"format\": \"" + FORMAT
          + "\", \"encryptedKeyset\": ...})");
    }
    byte[] plain = null;
    try {
      byte[] ct = Base64.getDecoder().decode(outer.get("encryptedKeyset").asText());
      plain = master.aead().decrypt(ct, AD);
      JsonNode inner = JSON.readTree(plain);
      List<Entry> es = new ArrayList<>();
      for (JsonNode k : inner.path("keys")) {
        es.add(new Entry(k.get("id").asInt(), KeyPurpose.of(k.get("purpose").asText()), k.get("status").asText(),
            Instant.parse(k.get("created").asText()), Base64.getDecoder().decode(k.get("material").asText())));
      }
      Map<KeyPurpose, Integer> pr = new EnumMap<>(KeyPurpose.class);
      inner.path("primary").fields().forEachRemaining(f -> pr.put(KeyPurpose.of(f.getKey()), f.getValue().asInt()));
      return new VeilKeyset(es, pr, file.toString());
    } catch (GeneralSecurityException e) {
      throw new KeyException("keyset file " + file + " cannot be decrypted with the master key from " + master.source()
          + ": the master key is wrong or the file was altered");
    } catch (IOException | RuntimeException e) {
      throw new KeyException("keyset file " + file + " is corrupted: its decrypted content is not a valid keyset ("
          + e.getClass().getSimpleName() + ")");
    } finally {
      if (plain != null) java.util.Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "VeilKeyset[" + origin + ", " + entries.size() + " keys]";
  }
}
