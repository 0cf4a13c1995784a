package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScanConditionTest {

  private static boolean holds(ScanCondition c, String text) {
    return c.holds(TextScan.of(text));
  }

  @Test
  void digitWindows_holdOnlyWhereSomeWindowOfADelimitedTokenHasTheCount() {
    ScanCondition nine = ScanCondition.digitWindows(9, 9);
    assertTrue(holds(nine, "SSN 536-22-1234 on file"));
    assertTrue(holds(nine, "1234 536-22-1234")); // a window of the second token
    assertTrue(holds(nine, "12 3456789 x")); // the window of both groups of "12 3456789"
    assertFalse(holds(nine, "call 12-34 or 5678"));
    assertFalse(holds(nine, "id A536221234")); // glued to a letter: not delimited
    assertFalse(holds(nine, "pi is 3.14159265358")); // a decimal number
    assertFalse(holds(nine, "no digits at all"));
    ScanCondition range = ScanCondition.digitWindows(13, 19);
    assertTrue(holds(range, "card 4111 1111 1111 1111"));
    assertFalse(holds(range, "card 4111 1111 1111"));
  }

  @Test
  void runCharacters_countTheKindsAsked() {
    assertTrue(holds(ScanCondition.runCharacters(10, false, false), "PAN ABCPE1234F"));
    assertFalse(holds(ScanCondition.runCharacters(10, false, false), "pan abcpe1234f"));
    assertTrue(holds(ScanCondition.runCharacters(10, true, false), "pan abcpe1234f"));
    assertFalse(holds(ScanCondition.runCharacters(12, true, false), "pan abcpe-1234f"));
    assertTrue(holds(ScanCondition.runCharacters(12, true, true), "pan abcpe-1234f+"));
  }

  @Test
  void bothParts_mustHold_andNoneAlwaysHolds() {
    ScanCondition both = new ScanCondition(ScanCondition.digitWindows(9, 9).digitWindows(), 12, true, false);
    assertTrue(holds(both, "536-22-1234 belongs to abcdefghijkl"));
    assertFalse(holds(both, "536-22-1234 belongs to abc"));
    assertFalse(holds(both, "5362-2123 belongs to abcdefghijkl")); // windows of 4, 4 and 8 digits
    assertTrue(ScanCondition.NONE.none());
    assertTrue(holds(ScanCondition.NONE, ""));
    assertFalse(ScanCondition.digitWindows(1, 63).none());
  }

  @Test
  void invalidArguments_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> ScanCondition.digitWindows(0, 3));
    assertThrows(IllegalArgumentException.class, () -> ScanCondition.digitWindows(5, 4));
    assertThrows(IllegalArgumentException.class, () -> ScanCondition.runCharacters(-1, false, false));
    assertEquals(1L << 63, ScanCondition.digitWindows(70, 80).digitWindows());
  }
}
