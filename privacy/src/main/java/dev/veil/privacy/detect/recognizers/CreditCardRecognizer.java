package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;
import org.apache.commons.validator.routines.CreditCardValidator;

/**
 * Payment card numbers: 13 to 19 digits, written solid or in groups (first group of four, then
 * groups of three to six, like 4-4-4-4, 4-6-5 or 4-4-4-4-3) joined by single spaces or dashes.
 * Validated by commons-validator's {@link CreditCardValidator} for Visa, Mastercard, American
 * Express, Discover and Diners Club (issuer prefix ranges, lengths and the Luhn check digit) and,
 * independently, by a generic Luhn check.
 */
public final class CreditCardRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final CreditCardValidator ISSUERS = new CreditCardValidator(
      CreditCardValidator.VISA + CreditCardValidator.MASTERCARD + CreditCardValidator.AMEX
          + CreditCardValidator.DISCOVER + CreditCardValidator.DINERS);

  @Override
  public PiiClass entity() {
    return PiiClass.CREDIT_CARD;
  }

  @Override
  public String id() {
    return "credit-card-luhn-commons-validator";
  }

  @Override
  public List<String> nameHints() {
    return List.of("card", "credit", "cc", "pan");
  }

  @Override
  public List<String> contextWords() {
    return List.of("card", "credit", "debit", "visa", "mastercard", "amex", "cc", "payment");
  }

  @Override
  protected int minDigits() {
    return 13;
  }

  @Override
  protected int maxDigits() {
    return 19;
  }

  @Override
  protected boolean acceptsGrouping(int[] lens, int from, int to, char sep) {
    if (from == to) return true;
    if (lens[from] != 4) return false;
    for (int g = from + 1; g <= to; g++) {
      if (lens[g] < 3 || lens[g] > 6) return false;
    }
    return true;
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    return Checksums.luhn(digits) && ISSUERS.isValid(digits);
  }

  @Override
  protected String explanation() {
    return "13-19 digit card number pattern; Luhn check and Visa/Mastercard/Amex/Discover/Diners issuer ranges"
        + " (commons-validator CreditCardValidator)";
  }
}
