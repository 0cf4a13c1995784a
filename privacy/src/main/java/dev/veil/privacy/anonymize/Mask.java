package dev.veil.privacy.anonymize;

import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.mask.MaskOperator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Masks characters of a string with {@link MaskOperator}: {@code count} characters (all when
 * {@code count} is 0), counted from the start or, with {@code fromEnd}, from the end; the last
 * {@code keepLast} characters and every character in {@code preserve} stay visible. Works on code
 * points.
 *
 * <p>Hides: the masked characters. Leaks: the length, the kept characters, and thereby partial
 * equality (for example the last four digits of a card). Irreversible. Immutable and thread-safe.
 */
public record Mask(int maskChar, int count, boolean fromEnd, int keepLast, String preserve) implements AnonymizeOperator {
  public Mask {
    if (count < 0 || keepLast < 0) {
      throw new IllegalArgumentException("count and keepLast must be >= 0. Provided value: " + count + ", " + keepLast);
    }
    preserve = preserve == null ? "" : preserve;
    new MaskOperator(maskChar, 0, 0, preserve); // validates the character
  }

  @Override
  public String op() {
    return "mask";
  }

  @Override
  public FieldType outputType(FieldType input) {
    return AnonymizeOperator.require(op(), input, FieldType.STRING);
  }

  @Override
  public Object apply(Object value, PiiClass entity) {
    if (value == null) return null;
    String s = (String) value;
    int n = s.codePointCount(0, s.length());
    int maskable = Math.max(0, n - keepLast);
    int toMask = count == 0 ? maskable : Math.min(count, maskable);
    int keepFirst;
    int keepTail;
    if (fromEnd) {
      keepTail = keepLast;
      keepFirst = maskable - toMask;
    } else {
      keepFirst = 0;
      keepTail = n - toMask;
    }
    return new MaskOperator(maskChar, keepFirst, keepTail, preserve).apply(s);
  }

  @Override
  public boolean textual() {
    return true;
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op());
    m.put("char", new String(Character.toChars(maskChar)));
    m.put("count", count);
    m.put("fromEnd", fromEnd);
    m.put("keepLast", keepLast);
    if (!preserve.isEmpty()) m.put("preserve", preserve);
    return m;
  }
}
