package dev.veil.privacy.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.prf.AesCmacPrfKey;
import com.google.crypto.tink.prf.AesCmacPrfParameters;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.util.SecretBytes;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A set of keys, each with an id, a {@link KeyPurpose} and a status; per purpose one key is the
 * primary, used for new writes, while the others still serve reads (decryption, re-identification)
 * of outputs that carry their id. Rotation adds a new primary and keeps the old keys.
 *
 * <p>The keys are Tink keysets, one {@link KeysetHandle} per purpose (a Tink keyset has a single
 * primary, and one key never serves two algorithms): HMAC-SHA-256 PRF keys ({@link HmacPrfKey},
 * used through {@link PrfSet}), AES-256-SIV keys without output prefix ({@link AesSivKey}, used
 * through {@link DeterministicAead}), and for FF1, which Tink does not implement, 32-byte AES keys
 * held as {@link AesCmacPrfKey} (Veil only reads their bytes, for Bouncy Castle's FF1; they are
 * never used as CMAC keys). Key ids are the Tink key ids, chosen at random and unique across the
 * purposes; outputs carry them, so an output names the key that reads it back.
 *
 * <p>On disk a keyset is a JSON file {@code {"format": "veil-keyset/2", "keysets": {"hmac":
 * {"created": {...}, "tinkKeyset": <Tink encrypted keyset>}, "aes-siv": ..., "ff1": ...}}}: each
 * purpose's keyset in Tink's JSON encrypted keyset format ({@link TinkJsonProtoKeysetFormat}),
 * encrypted with the {@link MasterKey}'s AEAD (AES-256-GCM from {@code VEIL_MASTER_KEY} or a file,
 * or a KMS key through Tink's {@code KmsClient}) with the associated data {@code
 * veil-keyset/2:<purpose>}, so a purpose's keyset cannot be swapped for another's. The creation
 * times next to it are informational and not authenticated. Files of the earlier format {@code
 * veil-keyset/1} (Veil's own encrypted JSON) are still read: their keys are imported unchanged, so
 * pseudonyms stay the same, and the next {@link #write} stores them in the current format.
 *
 * <p>Security: key material is never put in a message, {@link #toString()} or {@link #info()}.
 * Immutable and thread-safe; the primitives it returns are thread-safe.
 */
public final class VeilKeyset {
  /** The file format word. */
  public static final String FORMAT = "veil-keyset/2";
  /** The earlier format, still read. */
  static final String FORMAT_1 = "veil-keyset/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    try {
      PrfConfig.register();
      DeterministicAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Map<KeyPurpose, KeysetHandle> handles;
  private final Map<Integer, Instant> created;
  private final String origin;
  /** Primitives built so far, by key id (a keyset is immutable, so they never go stale). */
  private final java.util.concurrent.ConcurrentHashMap<Integer, Object> primitives = new java.util.concurrent.ConcurrentHashMap<>();

  private VeilKeyset(Map<KeyPurpose, KeysetHandle> handles, Map<Integer, Instant> created, String origin) {
    EnumMap<KeyPurpose, KeysetHandle> h = new EnumMap<>(KeyPurpose.class);
    h.putAll(handles);
    this.handles = h;
    this.created = Map.copyOf(created);
    this.origin = origin;
  }

  /** The Tink parameters of a new key of {@code purpose}. */
  private static com.google.crypto.tink.Parameters parameters(KeyPurpose purpose) throws GeneralSecurityException {
    return switch (purpose) {
      case HMAC -> HmacPrfParameters.builder().setKeySizeBytes(32).setHashType(HmacPrfParameters.HashType.SHA256).build();
      case AES_SIV -> AesSivParameters.builder().setKeySizeBytes(64).setVariant(AesSivParameters.Variant.NO_PREFIX).build();
      case FF1 -> AesCmacPrfParameters.create(32);
    };
  }

  /** A new keyset with one fresh primary key for each of {@code purposes}. */
  public static VeilKeyset create(Collection<KeyPurpose> purposes) {
    if (purposes.isEmpty()) {
      throw new IllegalArgumentException("purposes must not be empty. Provided value: []");
    }
    VeilKeyset ks = new VeilKeyset(Map.of(), Map.of(), "new keyset");
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
    } while (created.containsKey(id) || has(id));
    try {
      KeysetHandle old = handles.get(purpose);
      KeysetHandle.Builder b = old == null ? KeysetHandle.newBuilder() : KeysetHandle.newBuilder(old);
      b.addEntry(KeysetHandle.generateEntryFromParameters(parameters(purpose)).withFixedId(id).makePrimary());
      Map<KeyPurpose, KeysetHandle> h = new EnumMap<>(KeyPurpose.class);
      h.putAll(handles);
      h.put(purpose, b.build());
      Map<Integer, Instant> c = new HashMap<>(created);
      c.put(id, Instant.now());
      return new VeilKeyset(h, c, origin);
    } catch (GeneralSecurityException e) {
      throw new KeyException("a new " + purpose.word() + " key cannot be generated: " + e.getClass().getSimpleName(), e);
    }
  }

  private boolean has(int id) {
    for (KeysetHandle h : handles.values()) {
      for (int i = 0; i < h.size(); i++) if (h.getAt(i).getId() == id) return true;
    }
    return false;
  }

  /** Where this keyset was read from, for messages. */
  public String origin() {
    return origin;
  }

  /** Every key's id, purpose, status and primary flag, purposes in declaration order; never material. */
  public List<KeyInfo> info() {
    List<KeyInfo> out = new ArrayList<>();
    for (Map.Entry<KeyPurpose, KeysetHandle> e : handles.entrySet()) {
      KeysetHandle h = e.getValue();
      for (int i = 0; i < h.size(); i++) {
        KeysetHandle.Entry k = h.getAt(i);
        out.add(new KeyInfo(k.getId(), e.getKey(), k.getStatus().toString(), k.isPrimary(), created.getOrDefault(k.getId(), Instant.EPOCH)));
      }
    }
    return out;
  }

  /**
   * The id of the primary key of {@code purpose}.
   *
   * @throws KeyException when the keyset has no key of that purpose
   */
  public int primaryId(KeyPurpose purpose) {
    KeysetHandle h = handles.get(purpose);
    if (h == null) {
      throw new KeyException("keyset " + origin + " has no " + purpose.word() + " key; add one with: veil keys rotate --purpose "
          + purpose.word());
    }
    return h.getPrimary().getId();
  }

  /** The Tink key {@code id} of {@code purpose}. */
  private Key key(int id, KeyPurpose purpose) {
    List<Integer> ids = new ArrayList<>();
    KeysetHandle h = handles.get(purpose);
    if (h != null) {
      for (int i = 0; i < h.size(); i++) {
        KeysetHandle.Entry e = h.getAt(i);
        if (e.getId() == id) {
          if (e.getStatus() != KeyStatus.ENABLED) {
            throw new KeyException("key id " + id + " of keyset " + origin + " is " + e.getStatus() + ", not ENABLED");
          }
          return e.getKey();
        }
        ids.add(e.getId());
      }
    }
    throw new KeyException("key id " + id + " is not a " + purpose.word() + " key of keyset " + origin + " (its "
        + purpose.word() + " key ids: " + ids + "); use the keyset the data was written with");
  }

  /** The keyset holding only key {@code id} of {@code purpose}, as its primary. */
  private KeysetHandle single(int id, KeyPurpose purpose) throws GeneralSecurityException {
    return KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(key(id, purpose)).withFixedId(id).makePrimary()).build();
  }

  /** HMAC-SHA-256 as a Tink {@link Prf} (from the keyset's {@link PrfSet}) with key {@code id}. */
  public Prf hmac(int id) {
    Object cached = primitives.get(id);
    if (cached instanceof Prf p) return p;
    try {
      Prf p = single(id, KeyPurpose.HMAC).getPrimitive(PrfSet.class).getPrfs().get(id);
      primitives.put(id, p);
      return p;
    } catch (GeneralSecurityException e) {
      throw new KeyException("HMAC key " + id + " of keyset " + origin + " cannot be used: " + e.getClass().getSimpleName(), e);
    }
  }

  /** AES-256-SIV as a Tink {@link DeterministicAead} with key {@code id} (no output prefix: Veil's tokens carry the id). */
  public DeterministicAead aesSiv(int id) {
    Object cached = primitives.get(id);
    if (cached instanceof DeterministicAead d) return d;
    try {
      DeterministicAead tink = single(id, KeyPurpose.AES_SIV).getPrimitive(DeterministicAead.class);
      byte[] raw = ((AesSivKey) key(id, KeyPurpose.AES_SIV)).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
      DeterministicAead d;
      try {
        d = new AesSivCipher(raw, tink); // Tink's bytes, without its per-call cipher set-up (AesSivCipherTest)
      } finally {
        java.util.Arrays.fill(raw, (byte) 0);
      }
      primitives.put(id, d);
      return d;
    } catch (GeneralSecurityException e) {
      throw new KeyException("AES-SIV key " + id + " of keyset " + origin + " cannot be used: " + e.getClass().getSimpleName(), e);
    }
  }

  /** The raw AES-256 key {@code id} for FF1, as a Bouncy Castle parameter (a copy). */
  public KeyParameter ff1(int id) {
    Key k = key(id, KeyPurpose.FF1);
    byte[] raw = ((AesCmacPrfKey) k).getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    try {
      return new KeyParameter(raw);
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
  }

  private static byte[] associatedData(KeyPurpose p) {
    return (FORMAT + ":" + p.word()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes this keyset to {@code file}, encrypted under {@code master} (atomically: a temporary
   * file in the same folder is moved over the target).
   */
  public void write(Path file, MasterKey master) {
    try {
      ObjectNode outer = JSON.createObjectNode();
      outer.put("format", FORMAT);
      ObjectNode sets = outer.putObject("keysets");
      for (Map.Entry<KeyPurpose, KeysetHandle> e : handles.entrySet()) {
        ObjectNode one = sets.putObject(e.getKey().word());
        ObjectNode c = one.putObject("created");
        KeysetHandle h = e.getValue();
        for (int i = 0; i < h.size(); i++) {
          int id = h.getAt(i).getId();
          if (created.containsKey(id)) c.put(Integer.toString(id), created.get(id).toString());
        }
        String tink = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(h, master.aead(), associatedData(e.getKey()));
        one.set("tinkKeyset", JSON.readTree(tink));
      }
      Path abs = file.toAbsolutePath();
      Path tmp = Files.createTempFile(abs.getParent(), ".veil-keyset", ".tmp");
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(outer));
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (GeneralSecurityException e) {
      throw new KeyException("keyset " + file + " cannot be encrypted with the master key from " + master.source() + ": "
          + e.getClass().getSimpleName(), e);
    } catch (IOException e) {
      throw new KeyException("keyset " + file + " cannot be written: " + e.getMessage(), e);
    }
  }

  /**
   * Reads and decrypts the keyset in {@code file} (format {@code veil-keyset/2}, or the earlier
   * {@code veil-keyset/1}).
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
    String format = outer == null ? "" : outer.path("format").asText();
    if (FORMAT_1.equals(format) && outer.path("encryptedKeyset").isTextual()) return readFormat1(file, outer, master);
    if (!FORMAT.equals(format) || !outer.path("keysets").isObject()) {
      throw new KeyException("keyset file " + file + " is not a Veil keyset (expected {\"format\": \"" + FORMAT
          + "\", \"keysets\": ...})");
    }
    Map<KeyPurpose, KeysetHandle> h = new EnumMap<>(KeyPurpose.class);
    Map<Integer, Instant> created = new HashMap<>();
    for (var it = outer.get("keysets").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> f = it.next();
      KeyPurpose p;
      KeysetHandle handle;
      try {
        p = KeyPurpose.of(f.getKey());
      } catch (IllegalArgumentException e) {
        throw new KeyException("keyset file " + file + " is corrupted: unknown key purpose '" + f.getKey() + "' (expected hmac, aes-siv, ff1)");
      }
      try {
        handle = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(JSON.writeValueAsString(f.getValue().path("tinkKeyset")), master.aead(),
            associatedData(p));
      } catch (GeneralSecurityException e) {
        throw new KeyException("keyset file " + file + " cannot be decrypted with the master key from " + master.source()
            + ": the master key is wrong or the file was altered");
      } catch (IOException | RuntimeException e) {
        throw new KeyException("keyset file " + file + " is corrupted: the " + p.word() + " keyset is not a Tink encrypted keyset ("
            + e.getClass().getSimpleName() + ")");
      }
      for (int i = 0; i < handle.size(); i++) {
        if (!fits(handle.getAt(i).getKey(), p)) {
          throw new KeyException("keyset file " + file + " is corrupted: key id " + handle.getAt(i).getId() + " of its " + p.word()
              + " keyset is not a " + p.word() + " key");
        }
      }
      h.put(p, handle);
      for (var c = f.getValue().path("created").fields(); c.hasNext();) {
        Map.Entry<String, JsonNode> e = c.next();
        try {
          created.put(Integer.parseInt(e.getKey()), Instant.parse(e.getValue().asText()));
        } catch (RuntimeException bad) {
          throw new KeyException("keyset file " + file + " is corrupted: a creation time of its " + p.word() + " keyset is not a key id"
              + " with an ISO-8601 instant");
        }
      }
    }
    return new VeilKeyset(h, created, file.toString());
  }

  /** Whether {@code k} is a key Veil uses for {@code p}. */
  private static boolean fits(Key k, KeyPurpose p) {
    return switch (p) {
      case HMAC -> k instanceof HmacPrfKey hk && hk.getParameters().getHashType() == HmacPrfParameters.HashType.SHA256
          && hk.getParameters().getKeySizeBytes() == 32;
      case AES_SIV -> k instanceof AesSivKey sk && sk.getParameters().getKeySizeBytes() == 64
          && sk.getParameters().getVariant() == AesSivParameters.Variant.NO_PREFIX;
      case FF1 -> k instanceof AesCmacPrfKey ck && ck.getParameters().getKeySizeBytes() == 32;
    };
  }

  /** Imports raw key bytes as the Tink key of {@code p} (format 1 files). */
  private static Key importRaw(KeyPurpose p, byte[] material) throws GeneralSecurityException {
    SecretBytes b = SecretBytes.copyFrom(material, InsecureSecretKeyAccess.get());
    return switch (p) {
      case HMAC -> HmacPrfKey.builder().setParameters((HmacPrfParameters) parameters(p)).setKeyBytes(b).build();
      case AES_SIV -> AesSivKey.builder().setParameters((AesSivParameters) parameters(p)).setKeyBytes(b).build();
      case FF1 -> AesCmacPrfKey.create((AesCmacPrfParameters) parameters(p), b);
    };
  }

  /**
   * Reads a {@code veil-keyset/1} file (keys as JSON with base64 material, AES-256-GCM encrypted
   * with the associated data {@code veil-keyset/1}) and imports its keys, ids and primaries
   * unchanged into Tink keysets.
   */
  private static VeilKeyset readFormat1(Path file, JsonNode outer, MasterKey master) {
    byte[] plain = null;
    try {
      byte[] ct = Base64.getDecoder().decode(outer.get("encryptedKeyset").asText());
      plain = master.aead().decrypt(ct, FORMAT_1.getBytes(StandardCharsets.UTF_8));
      JsonNode inner = JSON.readTree(plain);
      Map<KeyPurpose, Integer> primary = new EnumMap<>(KeyPurpose.class);
      inner.path("primary").fields().forEachRemaining(f -> primary.put(KeyPurpose.of(f.getKey()), f.getValue().asInt()));
      Map<KeyPurpose, KeysetHandle.Builder> builders = new EnumMap<>(KeyPurpose.class);
      Map<Integer, Instant> created = new HashMap<>();
      for (JsonNode k : inner.path("keys")) {
        int id = k.get("id").asInt();
        KeyPurpose p = KeyPurpose.of(k.get("purpose").asText());
        byte[] material = Base64.getDecoder().decode(k.get("material").asText());
        try {
          KeysetHandle.Builder.Entry e = KeysetHandle.importKey(importRaw(p, material)).withFixedId(id);
          if (!"ENABLED".equals(k.get("status").asText())) e.setStatus(KeyStatus.DISABLED);
          if (primary.get(p) != null && primary.get(p) == id) e.makePrimary();
          builders.computeIfAbsent(p, x -> KeysetHandle.newBuilder()).addEntry(e);
        } finally {
          java.util.Arrays.fill(material, (byte) 0);
        }
        created.put(id, Instant.parse(k.get("created").asText()));
      }
      Map<KeyPurpose, KeysetHandle> h = new EnumMap<>(KeyPurpose.class);
      for (Map.Entry<KeyPurpose, KeysetHandle.Builder> e : builders.entrySet()) h.put(e.getKey(), e.getValue().build());
      return new VeilKeyset(h, created, file.toString());
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
    int n = 0;
    for (KeysetHandle h : handles.values()) n += h.size();
    return "VeilKeyset[" + origin + ", " + n + " keys]";
  }
}
