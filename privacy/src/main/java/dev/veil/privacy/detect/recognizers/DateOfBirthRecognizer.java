package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Dates of birth: a calendar-valid date (any {@link DateScanner} date form, without a time) with a
 * birth cue ({@code born}, {@code birth}, {@code birthday}, {@code birthdate}, {@code dob},
 * {@code d.o.b}, {@code geboren}, {@code nacimiento}) among the eight words before it or the three
 * after it. The cue is checked here rather than left to the analyzer's context boost, because the
 * same span is also a DATE_TIME (0.6-0.85) and must outrank it exactly when the cue is present:
 * scored 0.9. Without a cue nothing is reported. As a whole value (a column), a date from year 1900
 * on, without a time, validates; the column name decides between this and DATE_TIME.
 */
public final class DateOfBirthRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("DATE_OF_BIRTH");
  private static final Set<String> CUES = Set.of("born", "birth", "birthday", "birthdate", "dob", "geboren", "nacimiento", "b");
  private static final int BEFORE = 8;
  private static final int AFTER = 3;

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "date-of-birth-cue";
  }

  @Override
  public List<String> nameHints() {
    return List.of("dob", "birth", "birthday", "birthdate", "born", "date_of_birth");
  }

  @Override
  public List<String> contextWords() {
    return List.of("born", "birth", "birthday", "birthdate", "dob");
  }

  @Override
  public Prefilter prefilter() {
    // every span needs a birth cue: a cue word, "b." or "d.o.b" (a cue word is compared in lower
    // case, and no non-ASCII letter lower-cases to a letter of these)
    return Prefilter.anchors("born", "birth", "dob", "geboren", "nacimiento", "b.", "d.o.b");
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    if (v.isEmpty() || v.length() > 40) return false;
    List<DateScanner.Found> f = DateScanner.scan(v, false);
    if (f.size() != 1 || f.get(0).start() != 0 || f.get(0).end() != v.length()) return false;
    for (int i = 0; i + 4 <= v.length(); i++) {
      if (Character.isDigit(v.charAt(i)) && IdChecks.allDigits(v.substring(i, i + 4))) {
        int y = Integer.parseInt(v.substring(i, i + 4));
        if (y >= 1900) return true;
      }
    }
    return f.get(0).score() < 0.8; // two-digit years: any century
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null) return out;
    for (DateScanner.Found f : DateScanner.scan(text, false)) {
      String cue = cue(text, f.start(), f.end());
      if (cue != null) {
        out.add(new Span(entity(), f.start(), f.end(), 0.9, id(), f.form() + "; birth cue '" + cue + "' nearby"));
      }
    }
    return out;
  }

  /** A birth cue among the words near {@code [start, end)}, or null; reads a bounded number of words. */
  private static String cue(String t, int start, int end) {
    int i = start - 1;
    for (int w = 0; w < BEFORE && i >= 0; w++) {
      while (i >= 0 && !Character.isLetter(t.charAt(i))) {
        if (Character.isDigit(t.charAt(i))) return null; // another number in between: not this date's cue
        i--;
      }
      int e = i + 1;
      while (i >= 0 && e - i <= 12 && Character.isLetter(t.charAt(i))) i--;
      String word = t.substring(i + 1, e).toLowerCase(Locale.ROOT);
      if (isCue(t, i + 1, word)) return word;
      while (i >= 0 && Character.isLetter(t.charAt(i))) i--;
    }
    int p = end;
    for (int w = 0; w < AFTER && p < t.length(); w++) {
      while (p < t.length() && !Character.isLetter(t.charAt(p))) {
        if (Character.isDigit(t.charAt(p))) return null; // another number: not this date's cue
        p++;
      }
      int s = p;
      while (p < t.length() && p - s <= 12 && Character.isLetter(t.charAt(p))) p++;
      String word = t.substring(s, p).toLowerCase(Locale.ROOT);
      if (isCue(t, s, word)) return word;
      while (p < t.length() && Character.isLetter(t.charAt(p))) p++;
    }
    return null;
  }

  /** A cue word; "b" only as "b." (born) or the end of "d.o.b". */
  private static boolean isCue(String t, int at, String word) {
    if (word.equals("b")) {
      return at >= 4 && t.regionMatches(true, at - 4, "d.o.", 0, 4) || at + 1 < t.length() && t.charAt(at + 1) == '.';
    }
    return CUES.contains(word);
  }

  /** Its shape is shared by many ordinary values: a column needs a name hint to be classified as it. */
  @Override
  public boolean needsNameHint() {
    return true;
  }
}
