package dev.veil.privacy.anonymize;

import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.KeysetRef;
import dev.veil.privacy.keys.VeilKeyset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Format-preserving encryption with NIST SP 800-38G FF1 (Bouncy Castle {@code FPEFF1Engine},
 * AES-256), with the domain as tweak. The characters of the value that are in the alphabet are
 * encrypted as one FF1 block; separator characters (by default space, {@code - . / : ( ) +}) stay
 * in place, so {@code 4111-1111-1111-1111} stays four groups of four digits. Any other character
 * makes the value unencodable.
 *
 * <p>With {@code luhn} (digits only) the last digit is treated as a Luhn check digit: all other
 * digits are encrypted and the check digit is recomputed, so a card number stays a valid-looking
 * card number (decryption drops and recomputes the check digit the same way). The issuer prefix is
 * encrypted too, so the output may fall in any issuer range.
 *
 * <p>NIST minimum domain size: the encrypted part must satisfy radix^length >= 1,000,000 (6 digits,
 * 5 letters of 26); shorter values are rejected rather than weakly encrypted.
 *
 * <p>Hides: the value, to anyone without the key. Leaks: the length, the positions of separators,
 * the alphabet class, equality within a domain (deterministic), and with {@code luhn} that the
 * value had a valid check digit. Reversible with the key ({@link #decrypt}); the output carries no
 * key id (that would break the format), so the key id is recorded in the stage description.
 * Thread-safe (one engine per call); serializable without key material.
 */
public final class Ff1 implements AnonymizeOperator {
  private static final long serialVersionUID = 1L;
  /** The NIST SP 800-38G minimum domain size. */
  public static final long MIN_DOMAIN = 1_000_000L;
  /** The default separators, kept in place. */
  public static final String DEFAULT_SEPARATORS = " -./:()+";

  private final KeyedKey<KeyParameter> key;
  private final String alphabetName;
  private final String alphabet;
  private final String separators;
  private final String domain;
  private final boolean luhn;
  private final int minLength;

  /**
   * @param alphabet {@code digits}, {@code lower}, {@code upper}, {@code letters}, {@code alphanumeric}
   *     or {@code base36}, or {@code custom:<characters>} (2 to 256 distinct characters)
   */
  public Ff1(KeysetRef ref, VeilKeyset keyset, int keyId, String alphabet, String separators, String domain, boolean luhn) {
    if (domain == null) throw new IllegalArgumentException("domain must not be null. Provided value: null");
    this.alphabetName = alphabet == null ? "digits" : alphabet;
    this.alphabet = alphabetOf(alphabetName);
    this.separators = separators == null ? DEFAULT_SEPARATORS : separators;
    for (int i = 0; i < this.separators.length(); i++) {
      if (this.alphabet.indexOf(this.separators.charAt(i)) >= 0) {
        throw new IllegalArgumentException("separators must not contain alphabet characters. Provided value: '" + this.separators + "'");
      }
    }
    if (luhn && !this.alphabet.equals(DIGITS)) {
      throw new IllegalArgumentException("luhn requires alphabet digits. Provided value: '" + alphabetName + "'");
    }
    this.domain = domain;
    this.luhn = luhn;
    this.minLength = minLength(this.alphabet.length());
    this.key = new KeyedKey<>(ref, keyset, KeyPurpose.FF1, keyId);
  }

  private static final String DIGITS = "0123456789";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  /** The characters of a named alphabet. */
  static String alphabetOf(String name) {
    switch (name) {
      case "digits": return DIGITS;
      case "lower": return LOWER;
      case "upper": return UPPER;
      case "letters": return LOWER + UPPER;
      case "alphanumeric": return DIGITS + LOWER + UPPER;
      case "base36": return DIGITS + LOWER;
      default:
        if (name.startsWith("custom:")) {
          String a = name.substring(7);
          if (a.length() < 2 || a.length() > 256 || a.chars().distinct().count() != a.length()
              || a.codePointCount(0, a.length()) != a.length()) {
            throw new IllegalArgumentException("a custom FF1 alphabet must have 2 to 256 distinct BMP characters. Provided value: '"
                + name + "'");
          }
          return a;
        }
        throw new IllegalArgumentException(
            "alphabet must be digits, lower, upper, letters, alphanumeric, base36 or custom:<characters>. Provided value: '" + name + "'");
    }
  }

  /** The smallest length n with radix^n >= 1,000,000. */
  static int minLength(int radix) {
    int n = 0;
    double size = 1;
    while (size < MIN_DOMAIN) {
      size *= radix;
      n++;
    }
    return n;
  }

  @Override
  public String op() {
    return "ff1";
  }

  public int keyId() {
    return key.id();
  }

  @Override
  public FieldType outputType(FieldType input) {
    return AnonymizeOperator.require(op(), input, FieldType.STRING);
  }

  @Override
  public Object apply(Object value, PiiClass entity) {
    return value == null ? null : transform((String) value, true);
  }

  /** Decrypts a value this operator encrypted (for re-identification by the key holder). */
  public String decrypt(String value) {
    return value == null ? null : transform(value, false);
  }

  private String transform(String value, boolean encrypt) {
    char[] chars = value.toCharArray();
    int[] positions = new int[chars.length];
    int n = 0;
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      int d = alphabet.indexOf(c);
      if (d >= 0) {
        positions[n++] = i;
      } else if (separators.indexOf(c) < 0) {
        throw new UnencodableValueException("the value has a character outside the FF1 alphabet " + alphabetName
            + " and the separators '" + separators + "'");
      }
    }
    int payload = luhn ? n - 1 : n;
    if (payload < minLength) {
      throw new UnencodableValueException("the value is too short for FF1: " + payload + " " + alphabetName
          + " characters to encrypt, but NIST SP 800-38G requires radix^length >= 1,000,000, i.e. at least " + minLength
          + " characters of radix " + alphabet.length());
    }
    byte[] numerals = new byte[payload];
    for (int i = 0; i < payload; i++) numerals[i] = (byte) alphabet.indexOf(chars[positions[i]]);
    byte[] out = process(key.get(), alphabet.length(), domain.getBytes(StandardCharsets.UTF_8), numerals, encrypt);
    for (int i = 0; i < payload; i++) chars[positions[i]] = alphabet.charAt(out[i] & 0xFF);
    if (luhn) chars[positions[n - 1]] = (char) ('0' + luhnCheckDigit(out));
    return new String(chars);
  }

  /** One FF1 encryption or decryption of {@code numerals} (each < radix <= 256). */
  public static byte[] process(KeyParameter key, int radix, byte[] tweak, byte[] numerals, boolean encrypt) {
    FPEFF1Engine engine = new FPEFF1Engine();
    engine.init(encrypt, new FPEParameters(key, radix, tweak));
    byte[] out = new byte[numerals.length];
    engine.processBlock(numerals, 0, numerals.length, out, 0);
    return out;
  }

  /** The Luhn check digit for the payload digits {@code d} (each 0..9). */
  static int luhnCheckDigit(byte[] d) {
    int sum = 0;
    boolean dbl = true; // the digit left of the check digit is doubled
    for (int i = d.length - 1; i >= 0; i--) {
      int x = d[i];
      if (dbl) {
        x *= 2;
        if (x > 9) x -= 9;
      }
      sum += x;
      dbl = !dbl;
    }
    return (10 - sum % 10) % 10;
  }

  @Override
  public boolean textual() {
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op());
    m.put("algorithm", "FF1-AES256");
    m.put("alphabet", alphabetName);
    m.put("separators", separators);
    m.put("domain", domain);
    m.put("luhn", luhn);
    m.put("keyId", key.id());
    return m;
  }
}
