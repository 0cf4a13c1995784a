package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import org.junit.jupiter.api.Test;

class SpanTest {

  private static Span span(int start, int end) {
    return new Span(PiiClass.PERSON, start, end, 0.5, "test", "why");
  }

  @Test
  void overlaps_sharedCharacter_isTrueAndTouching_isFalse() {
    assertTrue(span(0, 5).overlaps(span(4, 8)));
    assertTrue(span(4, 8).overlaps(span(0, 5)));
    assertTrue(span(0, 10).overlaps(span(3, 4)));
    assertFalse(span(0, 5).overlaps(span(5, 8)));
    assertFalse(span(5, 8).overlaps(span(0, 5)));
  }

  @Test
  void constructor_badBoundsOrScore_fails() {
    assertThrows(IllegalArgumentException.class, () -> span(-1, 2));
    assertThrows(IllegalArgumentException.class, () -> span(3, 2));
    assertThrows(IllegalArgumentException.class, () -> new Span(PiiClass.PERSON, 0, 1, 1.5, "t", "w"));
    assertThrows(IllegalArgumentException.class, () -> new Span(PiiClass.PERSON, 0, 1, Double.NaN, "t", "w"));
  }
}
