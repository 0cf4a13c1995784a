package dev.veil.privacy.anonymize;

import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.KeysetRef;
import dev.veil.privacy.keys.VeilKeyset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds operators from their spec form, a map such as {@code {op: tokenize, domain: customer}}
 * (values as strings). Keyed operators use the primary key of their purpose unless {@code keyId}
 * pins one. Stateless.
 */
public final class Operators {
  private Operators() {}

  /** The default domain of keyed operators. */
  public static final String DEFAULT_DOMAIN = "default";

  /** The parameter keys of each operator, besides {@code op}. */
  public static final Map<String, List<String>> KEYS = Map.ofEntries(
      Map.entry("redact", List.of()),
      Map.entry("replace", List.of("value")),
      Map.entry("mask", List.of("char", "count", "fromEnd", "keepLast", "preserve")),
      Map.entry("hash", List.of("domain", "encoding", "bytes", "keyIdPrefix", "keyId")),
      Map.entry("tokenize", List.of("domain", "keyIdPrefix", "keyId")),
      Map.entry("ff1", List.of("domain", "alphabet", "separators", "luhn", "keyId")),
      Map.entry("bin", List.of("width", "origin")),
      Map.entry("truncate", List.of("unit")),
      Map.entry("prefix", List.of("keep", "fill")),
      Map.entry("hierarchy", List.of("file", "level")),
      Map.entry("dateshift", List.of("domain", "maxDays", "subject", "keyId")),
      Map.entry("suppress", List.of("record", "when")),
      Map.entry("topcode", List.of("top", "bottom")));

  /** Operators that need a keyset. */
  public static final Set<String> KEYED = Set.of("hash", "tokenize", "ff1", "dateshift");

  /**
   * Checks {@code cfg} without touching keys.
   *
   * @throws IllegalArgumentException naming the parameter
   */
  public static void validate(Map<String, String> cfg) {
    build(cfg, null, null);
  }

  /**
   * Builds the operator of {@code cfg}. For keyed operators {@code keyset} supplies the loaded
   * keyset and {@code ref} is how workers find it again; with a null {@code keyset} keyed operators
   * are only validated and null is returned.
   */
  public static AnonymizeOperator build(Map<String, String> cfg, KeysetRef ref, Supplier<VeilKeyset> keyset) {
    String op = cfg.get("op");
    if (op == null || !KEYS.containsKey(op)) {
      throw new IllegalArgumentException("op must be one of " + new java.util.TreeSet<>(KEYS.keySet()) + ". Provided value: '" + op + "'");
    }
    for (String k : cfg.keySet()) {
      if (!k.equals("op") && !KEYS.get(op).contains(k)) {
        throw new IllegalArgumentException("operator " + op + " accepts " + KEYS.get(op) + ". Provided key: '" + k + "'");
      }
    }
    String domain = cfg.getOrDefault("domain", DEFAULT_DOMAIN);
    switch (op) {
      case "redact": return new Redact();
      case "replace": return new Replace(cfg.get("value"));
      case "mask": {
        String ch = cfg.getOrDefault("char", "*");
        if (ch.codePointCount(0, ch.length()) != 1) {
          throw new IllegalArgumentException("char must be exactly one character. Provided value: '" + ch + "'");
        }
        return new Mask(ch.codePointAt(0), integer(cfg, "count", 0), bool(cfg, "fromEnd", false), integer(cfg, "keepLast", 0),
            cfg.get("preserve"));
      }
      case "bin": return new Generalize.NumericBins(dbl(cfg, "width", Double.NaN), dbl(cfg, "origin", 0));
      case "truncate": return new Generalize.DateTruncation(Generalize.unit(cfg.get("unit")));
      case "prefix": return new Generalize.PostalPrefix(integer(cfg, "keep", -1), cfg.get("fill"));
      case "hierarchy": {
        String file = cfg.get("file");
        if (file == null) throw new IllegalArgumentException("hierarchy needs file: <path of a value;level1;... CSV>. Provided value: null");
        return new Generalize.HierarchyLevel(Hierarchy.load(Path.of(file)), integer(cfg, "level", -1));
      }
      case "suppress": return new Suppress(bool(cfg, "record", false), cfg.get("when"));
      case "topcode": {
        Double top = cfg.containsKey("top") ? dbl(cfg, "top", 0) : null;
        Double bottom = cfg.containsKey("bottom") ? dbl(cfg, "bottom", 0) : null;
        return new Generalize.TopBottomCoding(bottom, top);
      }
      default: break;
    }
    // keyed operators: check the parameters, then build with the key
    KeyedHash.Encoding enc = KeyedHash.Encoding.HEX;
    if (cfg.containsKey("encoding")) {
      try {
        enc = KeyedHash.Encoding.valueOf(cfg.get("encoding").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("encoding must be hex, base64url or base32. Provided value: '" + cfg.get("encoding") + "'");
      }
    }
    int bytes = integer(cfg, "bytes", 32);
    if (bytes < 8 || bytes > 32) throw new IllegalArgumentException("bytes must be >= 8 and <= 32. Provided value: " + bytes);
    boolean prefix = bool(cfg, "keyIdPrefix", op.equals("tokenize"));
    int maxDays = integer(cfg, "maxDays", 30);
    String alphabet = cfg.getOrDefault("alphabet", "digits");
    Ff1.alphabetOf(alphabet);
    Integer pinned = cfg.containsKey("keyId") ? integer(cfg, "keyId", 0) : null;
    if (op.equals("dateshift") && cfg.get("subject") == null) {
      throw new IllegalArgumentException("dateshift needs subject: <column with the subject id>. Provided value: null");
    }
    if (keyset == null) return null;
    if (ref == null) throw new IllegalArgumentException("operator " + op + " needs a keyset: set keyset: <path> on the stage");
    VeilKeyset ks = keyset.get();
    switch (op) {
      case "hash": return new KeyedHash(ref, ks, id(ks, pinned, KeyPurpose.HMAC), domain, enc, bytes, prefix);
      case "tokenize": return new Tokenize(ref, ks, id(ks, pinned, KeyPurpose.AES_SIV), domain, prefix);
      case "ff1": return new Ff1(ref, ks, id(ks, pinned, KeyPurpose.FF1), alphabet, cfg.get("separators"), domain, bool(cfg, "luhn", false));
      default: return new DateShift(ref, ks, id(ks, pinned, KeyPurpose.HMAC), domain, maxDays, cfg.get("subject"));
    }
  }

  private static int id(VeilKeyset ks, Integer pinned, KeyPurpose p) {
    if (pinned == null) return ks.primaryId(p);
    switch (p) {
      case HMAC -> ks.hmac(pinned);
      case AES_SIV -> ks.aesSiv(pinned);
      case FF1 -> ks.ff1(pinned);
    }
    return pinned;
  }

  private static int integer(Map<String, String> cfg, String key, int dflt) {
    String v = cfg.get(key);
    if (v == null) return dflt;
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer. Provided value: '" + v + "'");
    }
  }

  private static double dbl(Map<String, String> cfg, String key, double dflt) {
    String v = cfg.get(key);
    if (v == null) return dflt;
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number. Provided value: '" + v + "'");
    }
  }

  private static boolean bool(Map<String, String> cfg, String key, boolean dflt) {
    String v = cfg.get(key);
    if (v == null) return dflt;
    if (v.equalsIgnoreCase("true")) return true;
    if (v.equalsIgnoreCase("false")) return false;
    throw new IllegalArgumentException(key + " must be true or false. Provided value: '" + v + "'");
  }
}
