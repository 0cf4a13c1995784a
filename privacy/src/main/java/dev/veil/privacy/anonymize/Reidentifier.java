package dev.veil.privacy.anonymize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.DeterministicAead;
import dev.veil.privacy.keys.KeyException;
import dev.veil.privacy.keys.KeyInfo;
import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.VeilKeyset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The capability to turn {@link Tokenize} tokens back into values. It exists only for whoever holds
 * the decrypted keyset, and it must be opened with a named caller, a purpose and an audit log file:
 * every call appends one JSON line per key used, {@code {"time", "who", "purpose", "domain",
 * "keyId", "count"}}, before any value is returned. The log never contains tokens or values. If the
 * log cannot be written, nothing is returned.
 *
 * <p>Security: whoever has this object can re-identify every token of the keyset; keep it out of
 * pipelines (no engine stage uses it) and give it to the few processes that must re-identify.
 * Thread-safe: calls are serialized, so log lines never interleave.
 */
public final class Reidentifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final VeilKeyset keyset;
  private final Path auditLog;
  private final String who;
  private final String purpose;
  private final Clock clock;

  private Reidentifier(VeilKeyset keyset, Path auditLog, String who, String purpose, Clock clock) {
    this.keyset = keyset;
    this.auditLog = auditLog;
    this.who = who;
    this.purpose = purpose;
    this.clock = clock;
  }

  /**
   * Opens the capability.
   *
   * @param who the person or service re-identifying, for the audit log
   * @param purpose why, for the audit log (for example a ticket id)
   */
  public static Reidentifier open(VeilKeyset keyset, Path auditLog, String who, String purpose) {
    if (keyset == null) throw new IllegalArgumentException("keyset must not be null. Provided value: null");
    if (auditLog == null) throw new IllegalArgumentException("auditLog must not be null. Provided value: null");
    if (who == null || who.isBlank()) throw new IllegalArgumentException("who must be a non-empty string. Provided value: '" + who + "'");
    if (purpose == null || purpose.isBlank()) {
      throw new IllegalArgumentException("purpose must be a non-empty string. Provided value: '" + purpose + "'");
    }
    return new Reidentifier(keyset, auditLog, who, purpose, Clock.systemUTC());
  }

  /**
   * Decrypts {@code tokens} written by {@link Tokenize} in {@code domain}, in order.
   *
   * @throws UnencodableValueException when a token is malformed, names a key id that is not in the
   *     keyset, or does not decrypt under the domain (the message gives the token's position, not
   *     the token)
   */
  public synchronized List<String> reidentify(String domain, List<String> tokens) {
    byte[] ad = domain.getBytes(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>(tokens.size());
    Map<Integer, Integer> perKey = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t == null) {
        out.add(null);
        continue;
      }
      Integer id = null;
      String body = t;
      if (t.startsWith("k") && t.indexOf(':') > 1) {
        try {
          id = Integer.parseInt(t.substring(1, t.indexOf(':')));
        } catch (NumberFormatException e) {
          throw new UnencodableValueException("token " + i + " has a malformed key id prefix");
        }
        body = t.substring(t.indexOf(':') + 1);
      }
      byte[] ct;
      try {
        ct = Base64.getUrlDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        throw new UnencodableValueException("token " + i + " is not base64url");
      }
      List<Integer> candidates = new ArrayList<>();
      if (id != null) {
        candidates.add(id);
      } else {
        for (KeyInfo k : keyset.info()) if (k.purpose() == KeyPurpose.AES_SIV) candidates.add(k.id());
      }
      String plain = null;
      for (int kid : candidates) {
        DeterministicAead d;
        try {
          d = keyset.aesSiv(kid);
        } catch (KeyException e) {
          throw new UnencodableValueException("token " + i + ": " + e.getMessage());
        }
        try {
          plain = new String(d.decryptDeterministically(ct, ad), StandardCharsets.UTF_8);
          perKey.merge(kid, 1, Integer::sum);
          break;
        } catch (GeneralSecurityException e) {
          // try the next key, if any
        }
      }
      if (plain == null) {
        throw new UnencodableValueException("token " + i + " does not decrypt with " + (id != null ? "key " + id : "any AES-SIV key")
            + " of keyset " + keyset.origin() + " in domain '" + domain + "' (wrong domain, wrong keyset or altered token)");
      }
      out.add(plain);
    }
    audit(domain, perKey);
    return out;
  }

  private void audit(String domain, Map<Integer, Integer> perKey) {
    StringBuilder lines = new StringBuilder();
    String time = clock.instant().toString();
    for (Map.Entry<Integer, Integer> e : perKey.entrySet()) {
      ObjectNode n = JSON.createObjectNode();
      n.put("time", time).put("who", who).put("purpose", purpose).put("domain", domain).put("keyId", e.getKey()).put("count", e.getValue());
      lines.append(n).append('\n');
    }
    if (lines.length() == 0) return;
    try (FileChannel ch = FileChannel.open(auditLog, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) ch.write(b);
      ch.force(true);
    } catch (IOException e) {
      throw new IllegalStateException("the re-identification audit log " + auditLog + " cannot be written (" + e.getMessage()
          + "); no value is released without an audit entry", e);
    }
  }
}
