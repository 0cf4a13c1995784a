package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import java.util.List;

/**
 * Indian Aadhaar numbers: twelve digits, solid or 4-4-4 with spaces or dashes, first digit 2 to 9,
 * with the Verhoeff check digit.
 */
public final class InAadhaarRecognizer extends DigitGroupRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("IN_AADHAAR");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "in-aadhaar-verhoeff";
  }

  @Override
  public List<String> nameHints() {
    return List.of("aadhaar", "aadhar");
  }

  @Override
  public List<String> contextWords() {
    return List.of("aadhaar", "aadhar", "uidai", "uid");
  }

  @Override
  protected int minDigits() {
    return 12;
  }

  @Override
  protected int maxDigits() {
    return 12;
  }

  @Override
  protected boolean acceptsGrouping(int[] lens, int from, int to, char sep) {
    if (from == to) return true;
    return to - from == 2 && lens[from] == 4 && lens[from + 1] == 4 && lens[to] == 4;
  }

  @Override
  protected boolean acceptsDigits(String digits) {
    return digits.charAt(0) >= '2' && Checksums.verhoeff(digits);
  }

  @Override
  protected String explanation() {
    return "12 digit Aadhaar pattern (4-4-4), first digit 2-9; Verhoeff check digit";
  }
}
