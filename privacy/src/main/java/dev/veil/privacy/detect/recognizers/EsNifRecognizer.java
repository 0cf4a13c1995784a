package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * Spanish DNI/NIF numbers: eight digits and the check letter {@code TRWAGMYFPDXBNJZSQVHLCKE[n mod
 * 23]}, optionally with a dash before the letter. Scored 0.9 (check letter; 1 in 23 random numbers
 * pass).
 */
public final class EsNifRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("ES_NIF");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "es-nif-mod23";
  }

  @Override
  public List<String> nameHints() {
    return List.of("nif", "dni");
  }

  @Override
  public List<String> contextWords() {
    return List.of("nif", "dni", "documento", "identidad");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(8);
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isUpperAlnum(c) || c == '-';
  }

  @Override
  protected int minLength() {
    return 9;
  }

  @Override
  protected int maxLength() {
    return 10;
  }

  @Override
  protected double score(String t) {
    String c = t.length() == 10 && t.charAt(8) == '-' ? t.substring(0, 8) + t.charAt(9) : t;
    return IdChecks.esNif(c) ? 0.9 : -1;
  }

  @Override
  protected String explanation() {
    return "DNI/NIF pattern 8 digits + letter (optionally '-'); mod-23 check letter";
  }
}
