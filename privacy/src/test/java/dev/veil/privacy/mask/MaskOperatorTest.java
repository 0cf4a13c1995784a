package dev.veil.privacy.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MaskOperatorTest {

  private static MaskOperator op(int keepFirst, int keepLast, String preserve) {
    return new MaskOperator('*', keepFirst, keepLast, preserve);
  }

  @Test
  void apply_noKeeps_masksEveryCharacter() {
    assertEquals("******", op(0, 0, "").apply("secret"));
  }

  @Test
  void apply_keepFirstAndLast_keepsThoseCharacters() {
    assertEquals("ab****gh", op(2, 2, "").apply("abcdefgh"));
    assertEquals("*******890", op(0, 3, "").apply("1234567890"));
    assertEquals("1*********", op(1, 0, "").apply("1234567890"));
  }

  @Test
  void apply_keepFirstAndLastOverlapping_keepsTheWholeValue() {
    assertEquals("abcd", op(3, 3, "").apply("abcd"));
    assertEquals("abc", op(5, 0, "").apply("abc"));
    assertEquals("ab", op(0, 2, "").apply("ab"));
  }

  @Test
  void apply_preserve_keepsListedCharactersAnywhere() {
    assertEquals("****.***@*******.***", op(0, 0, "@.").apply("john.doe@example.com"));
    assertEquals("j***.***@*******.com", op(1, 3, "@.").apply("john.doe@example.com"));
  }

  @Test
  void apply_surrogatePair_isMaskedAsOneCharacter() {
    String s = "a\uD83D\uDE00b\uD83D\uDE00";
    assertEquals("***\uD83D\uDE00", op(0, 1, "").apply(s));
    assertEquals("a\uD83D\uDE00**", op(2, 0, "").apply(s));
  }

  @Test
  void apply_supplementaryMaskChar_writesWholeCodePoints() {
    MaskOperator o = new MaskOperator(0x1F648, 0, 1, "");
    assertEquals("\uD83D\uDE48\uD83D\uDE48c", o.apply("abc"));
  }

  @Test
  void apply_preserveSupplementaryCharacter_keepsIt() {
    assertEquals("*\uD83D\uDE00*", op(0, 0, "\uD83D\uDE00").apply("a\uD83D\uDE00b"));
  }

  @Test
  void apply_nullAndEmpty_areReturnedAsIs() {
    assertNull(op(0, 0, "").apply(null));
    assertEquals("", op(2, 2, "").apply(""));
  }

  @Test
  void maskRange_masksOnlyTheRangeAndCountsKeepsWithinIt() {
    String t = "mail john@example.com now";
    assertEquals("mail j***@*******.com now", op(1, 3, "@.").maskRange(t, 5, 21));
    assertEquals("mail ****************", op(0, 0, "").maskRange("mail john@example.com", 5, 21));
  }

  @Test
  void constructor_negativeKeep_failsNamingBoth() {
    String m = assertThrows(IllegalArgumentException.class, () -> op(-1, 0, "")).getMessage();
    assertTrue(m.contains("keepFirst and keepLast must be >= 0") && m.contains("-1, 0"), m);
    assertThrows(IllegalArgumentException.class, () -> op(0, -2, ""));
  }

  @Test
  void constructor_controlOrInvalidMaskChar_fails() {
    assertThrows(IllegalArgumentException.class, () -> new MaskOperator('\n', 0, 0, ""));
    assertThrows(IllegalArgumentException.class, () -> new MaskOperator(-1, 0, 0, ""));
    assertThrows(IllegalArgumentException.class, () -> new MaskOperator(0x110000, 0, 0, ""));
  }

  @Test
  void constructor_nullPreserve_meansNothingPreserved() {
    assertEquals("", new MaskOperator('#', 0, 0, null).preserve());
    assertEquals("###", new MaskOperator('#', 0, 0, null).apply("a.b"));
  }
}
