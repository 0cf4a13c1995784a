package dev.veil.privacy.detect;

import dev.veil.privacy.detect.recognizers.Checksums;
import dev.veil.privacy.detect.recognizers.CryptoChecks;
import dev.veil.privacy.detect.recognizers.IdChecks;
import dev.veil.privacy.detect.recognizers.JwtRecognizer;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.validator.routines.checkdigit.IBANCheckDigit;

/**
 * Validators by name, for recognizers declared in YAML ({@code validator: luhn}). Each takes the
 * matched text and answers whether it passes the check; validators that work on digits ignore every
 * other character, and those of letter-and-digit codes ignore spaces and dashes and case. Names:
 * {@code luhn}, {@code verhoeff}, {@code nhs-mod11}, {@code iban-mod97}, {@code iso7064-mod11-10},
 * {@code de-tax-id}, {@code es-nif}, {@code es-nie}, {@code it-fiscal-code}, {@code sg-nric},
 * {@code au-tfn}, {@code au-abn}, {@code au-acn}, {@code au-medicare}, {@code pesel}, {@code fi-hetu},
 * {@code us-itin}, {@code in-pan}, {@code aba-routing}, {@code base58check} (Bitcoin addresses),
 * {@code bech32} (segwit addresses, Bech32 and Bech32m), {@code eip55} (mixed-case Ethereum
 * addresses) and {@code jwt}. Stateless and thread-safe.
 */
public final class Validators {
  private Validators() {}

  private static final Map<String, Predicate<String>> BY_NAME = new TreeMap<>();

  static {
    register("luhn", s -> Checksums.luhn(digits(s)));
    register("verhoeff", s -> Checksums.verhoeff(digits(s)));
    register("nhs-mod11", s -> Checksums.nhs(digits(s)));
    register("iban-mod97", s -> IBANCheckDigit.IBAN_CHECK_DIGIT.isValid(s.replace(" ", "").toUpperCase(java.util.Locale.ROOT)));
    register("iso7064-mod11-10", s -> IdChecks.iso7064Mod11Mod10(digits(s)));
    register("de-tax-id", s -> IdChecks.deTaxId(digits(s)));
    register("es-nif", s -> IdChecks.esNif(compact(s)));
    register("es-nie", s -> IdChecks.esNie(compact(s)));
    register("it-fiscal-code", s -> IdChecks.itFiscalCode(compact(s)));
    register("sg-nric", s -> IdChecks.sgNric(compact(s)));
    register("au-tfn", s -> IdChecks.auTfn(digits(s)));
    register("au-abn", s -> IdChecks.auAbn(digits(s)));
    register("au-acn", s -> IdChecks.auAcn(digits(s)));
    register("au-medicare", s -> IdChecks.auMedicare(digits(s)));
    register("pesel", s -> IdChecks.pesel(digits(s)));
    register("fi-hetu", s -> IdChecks.fiHetu(s.trim().toUpperCase(java.util.Locale.ROOT)));
    register("us-itin", s -> IdChecks.usItin(digits(s)));
    register("in-pan", s -> IdChecks.inPan(compact(s)));
    register("aba-routing", s -> IdChecks.abaRouting(digits(s)));
    register("base58check", s -> CryptoChecks.bitcoinBase58(s.trim()));
    register("bech32", s -> CryptoChecks.segwit(s.trim()));
    register("eip55", s -> CryptoChecks.eip55(s.trim()));
    register("jwt", s -> JwtRecognizer.valid(s.trim()));
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

  /** {@code s} without spaces and dashes, in upper case. */
  static String compact(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '-') b.append(Character.toUpperCase(c));
    }
    return b.toString();
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
