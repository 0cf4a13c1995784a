package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ages: a whole number 0-120 (no leading zero, not part of a decimal, a range or a percentage) with
 * an age phrase around it: before it {@code aged}, {@code age}, {@code age:}, {@code age of},
 * {@code age is}; after it {@code years old}, {@code year old}, {@code yrs old}, {@code -year-old},
 * {@code years of age}, {@code yo}, {@code y/o}, {@code y.o.}. The span is the number only (as in
 * Presidio's labelled data). Any number could be an age, so the phrase is required and checked
 * here, within a bounded number of characters; with it the span scores 0.85. A whole value (a column
 * cell) validates when it is an integer 0-120; the column name decides.
 */
public final class AgeRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("AGE");
  private static final String[] AFTER = {" years old", " year old", " yrs old", " yr old", "-year-old", "-years-old", " years of age",
      " year-old", " yo", " y/o", " y.o.", " years-old"};
  private static final String[] BEFORE = {"aged ", "age ", "age: ", "age:", "age of ", "age is ", "age = ", "age="};

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "age-phrase";
  }

  @Override
  public List<String> nameHints() {
    return List.of("age", "aged");
  }

  @Override
  public List<String> contextWords() {
    return List.of("age", "aged", "old", "years");
  }

  @Override
  public Prefilter prefilter() {
    // every span needs an age phrase, and every phrase holds one of these (compared ignoring case;
    // no non-ASCII character upper- or lower-cases to a letter of them)
    return Prefilter.anchors("old", "age", " yo", " y/o", " y.o");
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    return v.length() <= 3 && IdChecks.allDigits(v) && (v.length() == 1 || v.charAt(0) != '0') && Integer.parseInt(v) <= 120;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null) return out;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!DigitGroupRecognizer.isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int s = i;
      while (i < n && DigitGroupRecognizer.isDigit(text.charAt(i))) i++;
      int e = i;
      if (e - s > 3 || !inAgeRange(text, s, e)) continue;
      if (!DigitGroupRecognizer.leftDelimited(text, s) || !DigitGroupRecognizer.rightDelimited(text, e)) continue;
      if (e < n && (text.charAt(e) == '%' || text.charAt(e) == '-' && e + 1 < n && DigitGroupRecognizer.isDigit(text.charAt(e + 1)))) continue;
      if (s > 0 && text.charAt(s - 1) == '-' && s > 1 && DigitGroupRecognizer.isDigit(text.charAt(s - 2))) continue;
      String phrase = phrase(text, s, e);
      if (phrase != null) out.add(new Span(entity(), s, e, 0.85, id(), "whole number in the human age range with age phrase '" + phrase + "'"));
    }
    return out;
  }

  /** {@link #validates} of the digit run {@code t[s, e)} (at most three digits), without a substring. */
  private static boolean inAgeRange(String t, int s, int e) {
    if (e - s > 1 && t.charAt(s) == '0') return false;
    int v = 0;
    for (int i = s; i < e; i++) v = v * 10 + (t.charAt(i) - '0');
    return v <= 120;
  }

  private static String phrase(String t, int s, int e) {
    for (String a : AFTER) {
      if (t.regionMatches(true, e, a, 0, a.length())) {
        int end = e + a.length();
        if (end >= t.length() || !Character.isLetterOrDigit(t.charAt(end)) || a.endsWith(".")) return a.trim();
      }
    }
    for (String b : BEFORE) {
      int from = s - b.length();
      if (from >= 0 && t.regionMatches(true, from, b, 0, b.length()) && (from == 0 || !Character.isLetter(t.charAt(from - 1)))) {
        return b.trim().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  /** Its shape is shared by many ordinary values: a column needs a name hint to be classified as it. */
  @Override
  public boolean needsNameHint() {
    return true;
  }
}
