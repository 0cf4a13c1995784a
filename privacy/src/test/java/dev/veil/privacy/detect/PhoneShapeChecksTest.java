package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The phone recognizer's shape checks, written as loops, decide exactly as their earlier
 * {@code String.split} forms (kept here as the reference) on 200,000 random candidates made of
 * digits, every separator, parentheses, white space and a few other characters.
 */
class PhoneShapeChecksTest {
  /** The earlier form of {@link PhoneRecognizer#phoneGroups}. */
  private static boolean phoneGroupsBySplit(String c) {
    String[] g = c.replace("(", " ").replace(")", " ").trim().split("[-. /\u00a0]+");
    if (g.length < 2 || g.length > 5) return false;
    boolean allFour = true;
    for (String x : g) {
      if (x.length() < 2 || x.length() > 5 || !x.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return false;
      allFour &= x.length() == 4;
    }
    if (allFour) return false;
    return !(g.length == 3 && g[0].length() == 3 && g[1].length() == 2 && g[2].length() == 4);
  }

  /** The earlier IPv4 test of {@link PhoneRecognizer#notAPhone}. */
  private static boolean ipv4BySplit(String candidate) {
    String[] dots = candidate.split("\\.", -1);
    if (dots.length != 4) return false;
    for (String g : dots) {
      if (g.isEmpty() || g.length() > 3 || !g.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return false;
    }
    return true;
  }

  @Test
  void loopsDecideAsTheSplitForms() {
    String alphabet = "0123456789012345678901234567890123456789-. /\u00a0()\t+x\uFF11";
    Random rnd = new Random(20261126L);
    for (int t = 0; t < 200_000; t++) {
      int len = rnd.nextInt(18);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < len; i++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      String c = sb.toString();
      assertEquals(phoneGroupsBySplit(c), PhoneRecognizer.phoneGroups(c), () -> "phoneGroups of " + c.chars().boxed().toList());
      assertEquals(ipv4BySplit(c), PhoneRecognizer.ipv4Shaped(c), () -> "ipv4Shaped of " + c.chars().boxed().toList());
    }
  }

  @Test
  void examples() {
    assertTrue(PhoneRecognizer.phoneGroups("(020) 7946 0958"));
    assertFalse(PhoneRecognizer.phoneGroups("4111 1111 1111 1111")); // a card: groups of four only
    assertFalse(PhoneRecognizer.phoneGroups("123-45-6789")); // an SSN
    assertTrue(PhoneRecognizer.ipv4Shaped("192.168.1.10"));
    assertFalse(PhoneRecognizer.ipv4Shaped("192.168.1.1000"));
    assertFalse(PhoneRecognizer.ipv4Shaped("192.168..1"));
  }
}
