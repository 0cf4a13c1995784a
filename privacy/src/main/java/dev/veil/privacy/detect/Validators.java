package dev.veil.privacy.detect;

import dev.veil.privacy.detect.recognizers.Checksums;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.validator.routines.checkdigit.IBANCheckDigit;

/**
 * Validators by name, for recognizers declared in YAML ({@code validator: luhn}). Each takes the
 * matched text and answers whether it passes the check; validators that work on digits ignore every
 * other character. Stateless and thread-safe.
 */
public final class Validators {
  private Validators() {}

  private static final Map<String, Predicate<String>> BY_NAME = new TreeMap<>();

  static {
    register("luhn", s -> Checksums.luhn(digits(s)));
    register("verhoeff", s -> Checksums.verhoeff(digits(s)));
    register("nhs-mod11", s -> Checksums.nhs(digits(s)));
    register("iban-mod97", s -> IBANCheckDigit.IBAN_CHECK_DIGIT.isValid(s.replace(" ", "").toUpperCase(java.util.Locale.ROOT)));
  }

  /** Adds a validator; names are lower case with dashes. */
  static synchronized void register(String name, Predicate<String> check) {
    BY_NAME.put(name, check);
  }

  /**
   * The validator called {@code name}.
   *
   * @throws IllegalArgumentException naming the known validators
   */
  public static synchronized Predicate<String> named(String name) {
    Predicate<String> p = BY_NAME.get(name);
    if (p == null) {
      throw new IllegalArgumentException("validator must be one of " + BY_NAME.keySet() + ". Provided value: '" + name + "'");
    }
    return p;
  }

  /** The names of the known validators. */
  public static synchronized java.util.Set<String> names() {
    return java.util.Set.copyOf(BY_NAME.keySet());
  }

  static String digits(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') b.append(c);
    }
    return b.toString();
  }
}
