package dev.veil.privacy.detect;

import java.io.Serializable;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a text must contain before a recognizer's {@link Recognizer#find} can return a span. The
 * {@link Analyzer} profiles each text once ({@link TextProfile}: one Aho-Corasick pass over every
 * recognizer's literal anchors, plus character-class counts) and calls only the recognizers whose
 * prefilter fires, so a text is scanned once for all recognizers and validators run only on
 * candidates.
 *
 * <p>A prefilter fires when it is {@link #always()}, or any of its anchors occurs in the text
 * (ASCII case-insensitive), or the text holds at least {@code minDigits} ASCII digits (when
 * {@code minDigits > 0}), or the text holds an upper-case letter (when {@code upperCase}). A
 * prefilter must never reject a text in which the recognizer would find a span: it is an
 * optimization, not a filter, and tests check that contract for every built-in recognizer.
 *
 * <p>Immutable and thread-safe.
 */
public record Prefilter(Set<String> anchors, int minDigits, boolean upperCase, boolean everyText, int shapes) implements Serializable {
  /** Shape: a {@code '.'} between two ASCII letters or digits ({@code example.com}, {@code 10.1}). */
  public static final int ALNUM_DOT_ALNUM = 1;
  /** Shape: a {@code ':'}, {@code '-'} or {@code '.'} between two hexadecimal digits ({@code 0a:1b}, {@code de-ad}). */
  public static final int HEX_SEPARATOR_HEX = 2;
  /** Shape: a {@code '.'} between two ASCII digits ({@code 10.0}). */
  public static final int DIGIT_DOT_DIGIT = 4;
  /** Shape: five ASCII digits in a row ({@code 94105}). */
  public static final int FIVE_DIGITS = 8;
  /** Shape: an ASCII digit followed by two upper-case ASCII letters ({@code 1AA}). */
  public static final int DIGIT_UPPER_UPPER = 16;
  /** Shape: two upper-case ASCII letters followed by two ASCII digits ({@code GB82}, the head of an IBAN). */
  public static final int UPPER_UPPER_DIGIT_DIGIT = 32;
  /** Every shape bit. */
  static final int ALL_SHAPES = ALNUM_DOT_ALNUM | HEX_SEPARATOR_HEX | DIGIT_DOT_DIGIT | FIVE_DIGITS | DIGIT_UPPER_UPPER | UPPER_UPPER_DIGIT_DIGIT;

  /** A prefilter without shapes (the form before shapes existed). */
  public Prefilter(Set<String> anchors, int minDigits, boolean upperCase, boolean everyText) {
    this(anchors, minDigits, upperCase, everyText, 0);
  }

  public Prefilter {
    TreeSet<String> a = new TreeSet<>();
    for (String s : anchors) {
      if (s == null || s.isEmpty()) {
        throw new IllegalArgumentException("prefilter anchors must be non-empty strings. Provided value: '" + s + "'");
      }
      a.add(s.toLowerCase(Locale.ROOT));
    }
    anchors = Set.copyOf(a);
    if (minDigits < 0) {
      throw new IllegalArgumentException("minDigits must be >= 0. Provided value: " + minDigits);
    }
    if ((shapes & ~ALL_SHAPES) != 0) {
      throw new IllegalArgumentException("shapes must be a combination of the Prefilter shape constants. Provided value: " + shapes);
    }
  }

  /** Runs the recognizer on every text (for recognizers with no cheap trigger). */
  public static Prefilter always() {
    return new Prefilter(Set.of(), 0, false, true, 0);
  }

  /** Fires when any of the literals occurs in the text, ignoring ASCII case. */
  public static Prefilter anchors(String... literals) {
    return new Prefilter(Set.of(literals), 0, false, false);
  }

  /** Fires when the text holds at least {@code n} ASCII digits (anywhere, not necessarily adjacent). */
  public static Prefilter digits(int n) {
    if (n < 1) throw new IllegalArgumentException("digits must be >= 1. Provided value: " + n);
    return new Prefilter(Set.of(), n, false, false);
  }

  /** Fires when the text holds an upper-case letter (names, places, organizations, codes). */
  public static Prefilter upperCaseLetter() {
    return new Prefilter(Set.of(), 0, true, false);
  }

  /**
   * Fires when the text holds one of the character shapes {@code shapes} (a combination of
   * {@link #ALNUM_DOT_ALNUM}, {@link #HEX_SEPARATOR_HEX}, {@link #DIGIT_DOT_DIGIT},
   * {@link #FIVE_DIGITS}, {@link #DIGIT_UPPER_UPPER} and {@link #UPPER_UPPER_DIGIT_DIGIT}), which the
   * profile pass records for every text.
   */
  public static Prefilter shape(int shapes) {
    if (shapes == 0) throw new IllegalArgumentException("shapes must not be empty. Provided value: 0");
    return new Prefilter(Set.of(), 0, false, false, shapes);
  }

  /** Fires when this or {@code other} fires. */
  public Prefilter or(Prefilter other) {
    TreeSet<String> a = new TreeSet<>(anchors);
    a.addAll(other.anchors);
    int d = minDigits == 0 ? other.minDigits : other.minDigits == 0 ? minDigits : Math.min(minDigits, other.minDigits);
    return new Prefilter(a, d, upperCase || other.upperCase, everyText || other.everyText, shapes | other.shapes);
  }

  /** Whether a text with this profile may hold a span. */
  public boolean fires(TextProfile p) {
    if (everyText) return true;
    if (minDigits > 0 && p.digits() >= minDigits) return true;
    if (upperCase && p.upperCase() > 0) return true;
    if ((shapes & p.shapes()) != 0) return true;
    for (String a : anchors) {
      if (p.hasAnchor(a)) return true;
    }
    return false;
  }
}
