package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * US bank account numbers: 8 to 17 digits written solid. Account numbers have no common check
 * digit, so the pattern alone is weak: scored 0.3, below the analyzer's minimum, and reported only
 * when a context word such as "account" or "bank" is near.
 */
public final class UsBankNumberRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("US_BANK_NUMBER");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "us-bank-number-context";
  }

  @Override
  public List<String> nameHints() {
    return List.of("account", "acct", "bank");
  }

  @Override
  public List<String> contextWords() {
    return List.of("bank", "account", "acct", "checking", "savings", "deposit");
  }

  @Override
  protected int minDigits() {
    return 8;
  }

  @Override
  protected int maxDigits() {
    return 17;
  }

  @Override
  protected boolean acceptsGrouping(int[] lens, int from, int to, char sep) {
    return from == to;
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    return true;
  }

  @Override
  protected double score(int groups) {
    return 0.3;
  }

  @Override
  protected String explanation() {
    return "8-17 digit bank account number pattern (no checksum exists; needs context)";
  }

  /** Its shape is shared by many ordinary values: a column needs a name hint to be classified as it. */
  @Override
  public boolean needsNameHint() {
    return true;
  }
}
