package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The phone recognizer's metadata shortcut ({@link PhoneRecognizer.RegionShape}) never skips a
 * region in which libphonenumber would accept the candidate: checked against the full {@code parse}
 * + {@code isValidNumber} on every region the recognizer tries, for the example numbers of every
 * region and type written in national and international-prefix form, and for seeded random digit
 * strings with dialling-prefix-like starts and phone punctuation.
 */
class PhoneRegionShapeTest {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private static List<String> regions() {
    List<String> r = new ArrayList<>(PhoneRecognizer.OTHER_REGIONS);
    r.add("US");
    return r;
  }

  private static boolean validIn(String candidate, String region) {
    try {
      return UTIL.isValidNumber(UTIL.parse(candidate, region));
    } catch (NumberParseException e) {
      return false;
    }
  }

  private static int checkAll(List<String> candidates) {
    int skipped = 0;
    for (String c : candidates) {
      String digits = c.replaceAll("[^0-9]", "");
      for (String region : regions()) {
        if (PhoneRecognizer.RegionShape.of(region).cannotBeValid(digits)) {
          skipped++;
          assertTrue(!validIn(c, region), () -> "shortcut skipped a number valid in " + region + ": " + c);
        }
      }
    }
    return skipped;
  }

  @Test
  void exampleNumbersOfEveryRegionAndTypeAreNeverSkippedWhereValid() {
    List<String> candidates = new ArrayList<>();
    for (String region : UTIL.getSupportedRegions()) {
      for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
        Phonenumber.PhoneNumber n = UTIL.getExampleNumberForType(region, type);
        if (n == null) continue;
        candidates.add(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.NATIONAL).replaceAll("[^0-9 ()./-]", ""));
        String intl = UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL).substring(1);
        candidates.add("00 " + intl);
        candidates.add("011 " + intl);
        candidates.add(intl);
        candidates.add(UTIL.getNationalSignificantNumber(n));
      }
    }
    assertTrue(checkAll(candidates) > 0, "the shortcut never fired: the check would be vacuous");
  }

  @Test
  void seededRandomDigitStringsAreNeverSkippedWhereValid() {
    Random rnd = new Random(20261125L);
    String[] starts = {"", "0", "00", "011", "010", "001", "0011", "8", "810", "1", "44", "49", "33", "39", "61", "91", "86", "81"};
    String[] seps = {"", " ", "-", ".", "/"};
    List<String> candidates = new ArrayList<>();
    for (int k = 0; k < 20_000; k++) {
      StringBuilder b = new StringBuilder(starts[rnd.nextInt(starts.length)]);
      int len = 4 + rnd.nextInt(14);
      String sep = seps[rnd.nextInt(seps.length)];
      for (int i = 0; i < len; i++) {
        if (i > 0 && rnd.nextInt(4) == 0) b.append(sep);
        b.append((char) ('0' + rnd.nextInt(10)));
      }
      candidates.add(b.toString());
    }
    assertTrue(checkAll(candidates) > 0, "the shortcut never fired: the check would be vacuous");
  }
}
