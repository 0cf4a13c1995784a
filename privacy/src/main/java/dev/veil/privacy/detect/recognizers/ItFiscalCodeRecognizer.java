package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * Italian fiscal codes of persons: sixteen capital letters and digits in the layout surname(3),
 * name(3), year(2), month letter, day(2, +40 for women), place (letter + 3 digits), check letter;
 * digits may be replaced by the omocodia letters {@code LMNPQRSTUV}. Validated by the month letter,
 * the day range and the odd/even-table check character mod 26. Scored 1.0.
 */
public final class ItFiscalCodeRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("IT_FISCAL_CODE");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "it-fiscal-code-check-char";
  }

  @Override
  public List<String> nameHints() {
    return List.of("codice_fiscale", "codicefiscale", "fiscal_code", "cf");
  }

  @Override
  public List<String> contextWords() {
    return List.of("codice", "fiscale", "fiscal", "cf");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.upperCaseLetter();
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isUpperAlnum(c);
  }

  @Override
  protected int minLength() {
    return 16;
  }

  @Override
  protected int maxLength() {
    return 16;
  }

  @Override
  protected double score(String t) {
    return IdChecks.itFiscalCode(t) ? 1.0 : -1;
  }

  @Override
  protected String explanation() {
    return "codice fiscale pattern (6 letters, year, month letter, day, place, check); odd/even table check character with omocodia";
  }
}
