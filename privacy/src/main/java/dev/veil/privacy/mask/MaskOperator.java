package dev.veil.privacy.mask;

import java.io.Serializable;

/**
 * Replaces characters of a value with a mask character, keeping the first {@code keepFirst} and
 * the last {@code keepLast} characters and every character listed in {@code preserve} (for example
 * {@code "@."} keeps an e-mail's shape). Works on Unicode code points, so a surrogate pair is
 * masked as one character.
 *
 * <p>Privacy: masking is not encryption; the kept characters and the length remain visible. It is
 * irreversible. Immutable and thread-safe.
 */
public record MaskOperator(int maskChar, int keepFirst, int keepLast, String preserve) implements Serializable {

  public MaskOperator {
    if (keepFirst < 0 || keepLast < 0) {
      throw new IllegalArgumentException("keepFirst and keepLast must be >= 0. Provided value: " + keepFirst + ", " + keepLast);
    }
    if (!Character.isValidCodePoint(maskChar) || Character.isISOControl(maskChar)) {
      throw new IllegalArgumentException("char must be one printable character. Provided value: " + maskChar);
    }
    preserve = preserve == null ? "" : preserve;
  }

  /** Masks all of {@code value}; null stays null. */
  public String apply(String value) {
    if (value == null) return null;
    return maskRange(value, 0, value.length());
  }

  /** Masks {@code [start, end)} of {@code text}, applying keepFirst/keepLast within that range. */
  public String maskRange(String text, int start, int end) {
    StringBuilder sb = new StringBuilder(text.length());
    sb.append(text, 0, start);
    int total = text.codePointCount(start, end);
    int i = start;
    int k = 0;
    while (i < end) {
      int cp = text.codePointAt(i);
      boolean keep = k < keepFirst || k >= total - keepLast || preserve.indexOf(cp) >= 0;
      sb.appendCodePoint(keep ? cp : maskChar);
      i += Character.charCount(cp);
      k++;
    }
    sb.append(text, end, text.length());
    return sb.toString();
  }
}
