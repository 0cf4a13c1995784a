package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * Indian Permanent Account Numbers: five capital letters, four digits, a capital letter, the
 * fourth letter one of the holder types {@code ABCFGHJLPT}. The last letter is a check character
 * whose algorithm is not published, so validation is the format only: scored 0.5 (the exact shape
 * is rare in prose but not proof); "pan" nearby raises it.
 */
public final class InPanRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("IN_PAN");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "in-pan-format";
  }

  @Override
  public List<String> nameHints() {
    return List.of("pan", "pan_number", "pancard");
  }

  @Override
  public List<String> contextWords() {
    return List.of("pan", "permanent account", "income tax");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(4);
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isUpperAlnum(c);
  }

  @Override
  protected int minLength() {
    return 10;
  }

  @Override
  protected int maxLength() {
    return 10;
  }

  @Override
  protected double score(String t) {
    return IdChecks.inPan(t) ? 0.5 : -1;
  }

  @Override
  protected String explanation() {
    return "PAN pattern AAAAA9999A with holder-type 4th letter (ABCFGHJLPT); no published checksum";
  }
}
