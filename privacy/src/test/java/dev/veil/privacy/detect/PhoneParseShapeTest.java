package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The phone recognizer's parse-free decision ({@link PhoneRecognizer.ParseShape}) agrees with
 * libphonenumber's full {@code parse} + {@code isValidNumber} wherever it decides: for every
 * supported region as the default region, on the example numbers of every region and type written in
 * national, international, international-prefix and country-code-repeated form, and on seeded
 * random candidates with dialling-prefix-like starts and phone punctuation; with and without a
 * leading {@code +}. For a valid number written with {@code +} the region it reports is the parse's.
 */
class PhoneParseShapeTest {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /** What the full parse decides, or null when it throws. */
  private static Phonenumber.PhoneNumber parsed(String candidate, String region) {
    try {
      return UTIL.parse(candidate, region);
    } catch (NumberParseException e) {
      return null;
    }
  }

  private static String digits(String candidate) {
    StringBuilder b = new StringBuilder();
    for (char c : candidate.toCharArray()) {
      if (Character.isDigit(c)) b.append((char) ('0' + Character.digit(c, 10)));
    }
    return b.toString();
  }

  /**
   * Checks each candidate in the regions the recognizer tries (US and {@link PhoneRecognizer#OTHER_REGIONS})
   * and in 12 more drawn from all supported regions (seeded, so every region is drawn many times);
   * returns how many decisions were made without the parse.
   */
  private static int checkAll(List<String> candidates, Random rnd) {
    int decided = 0;
    Phonenumber.PhoneNumber num = new Phonenumber.PhoneNumber();
    List<String> all = allRegions();
    for (String c : candidates) {
      List<String> regions = new ArrayList<>(PhoneRecognizer.OTHER_REGIONS);
      regions.add(0, "US");
      for (int k = 0; k < 12; k++) regions.add(all.get(rnd.nextInt(all.size())));
      String d = digits(c);
      boolean plus = c.startsWith("+") || c.startsWith("(+");
      if (plus) {
        int decision = PhoneRecognizer.ParseShape.decideInternational(UTIL, d, num);
        if (decision == PhoneRecognizer.ParseShape.FALLBACK) continue;
        decided++;
        Phonenumber.PhoneNumber p = parsed(c, regions.get(0));
        boolean valid = p != null && UTIL.isValidNumber(p);
        assertEquals(valid, decision == PhoneRecognizer.ParseShape.VALID, () -> "decision differs from the parse for " + c);
        if (valid) {
          assertEquals(UTIL.getRegionCodeForNumber(p), UTIL.getRegionCodeForNumber(num), c);
          // the region the span's explanation names, recorded by the decision instead of asked for again
          assertEquals(UTIL.getRegionCodeForNumber(p), PhoneRecognizer.ParseShape.lastRegion(), c);
        }
        continue;
      }
      for (String region : regions) {
        int decision = PhoneRecognizer.ParseShape.of(region).decideNational(UTIL, d, num);
        if (decision == PhoneRecognizer.ParseShape.FALLBACK) continue;
        decided++;
        Phonenumber.PhoneNumber p = parsed(c, region);
        boolean valid = p != null && UTIL.isValidNumber(p);
        assertEquals(valid, decision == PhoneRecognizer.ParseShape.VALID, () -> "decision differs from the parse in " + region + " for " + c);
        if (valid) assertEquals(UTIL.getRegionCodeForNumber(p), PhoneRecognizer.ParseShape.lastRegion(), () -> region + " " + c);
      }
    }
    return decided;
  }

  private static List<String> allRegions() {
    return new ArrayList<>(new TreeSet<>(UTIL.getSupportedRegions()));
  }

  private static List<String> exampleCandidates() {
    List<String> out = new ArrayList<>();
    List<Phonenumber.PhoneNumber> numbers = new ArrayList<>();
    for (String region : allRegions()) {
      for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
        Phonenumber.PhoneNumber n = UTIL.getExampleNumberForType(region, type);
        if (n != null) numbers.add(n);
      }
    }
    for (int cc : UTIL.getSupportedGlobalNetworkCallingCodes()) {
      Phonenumber.PhoneNumber n = UTIL.getExampleNumberForNonGeoEntity(cc);
      if (n != null) numbers.add(n);
    }
    for (Phonenumber.PhoneNumber n : numbers) {
      String national = UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.NATIONAL).replaceAll("[^0-9 ()./-]", "");
      String intl = UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
      String nsn = UTIL.getNationalSignificantNumber(n);
      out.add(national);
      out.add(nsn);
      out.add(intl);
      out.add(intl.substring(1)); // the country code repeated without +
      out.add("(" + intl.replaceFirst(" ", ") "));
      out.add("00 " + intl.substring(1));
      out.add("0" + nsn);
      out.add("1" + nsn);
      out.add(n.getCountryCode() + "0" + nsn);
    }
    return out;
  }

  @Test
  void exampleNumbersGetTheParsesDecisionInEveryRegion() {
    List<String> candidates = exampleCandidates();
    int decided = checkAll(candidates, new Random(7));
    assertTrue(decided > candidates.size() * 20, "the parse-free path should decide most candidates: " + decided);
  }

  @Test
  void seededRandomCandidatesGetTheParsesDecisionInEveryRegion() {
    Random rnd = new Random(20261126L);
    String[] starts = {"", "+", "(+", "0", "00", "011", "010", "001", "0011", "8", "810", "1", "+1", "44", "+44", "49", "33", "39", "61",
        "91", "86", "81", "7", "+7", "55", "+0", "+800 ", "+979", "+882"};
    String[] seps = {"", " ", "-", ".", "/", "(", ")", "\u00a0", "\u2013"};
    List<String> candidates = new ArrayList<>();
    for (int k = 0; k < 3_000; k++) {
      StringBuilder b = new StringBuilder(starts[rnd.nextInt(starts.length)]);
      int len = 3 + rnd.nextInt(15);
      String sep = seps[rnd.nextInt(seps.length)];
      for (int i = 0; i < len; i++) {
        if (i > 0 && rnd.nextInt(4) == 0) b.append(sep);
        b.append((char) ((rnd.nextInt(12) == 0 ? '\uFF10' : '0') + rnd.nextInt(10)));
      }
      candidates.add(b.toString());
    }
    int decided = checkAll(candidates, rnd);
    assertTrue(decided > candidates.size() * 20, "the parse-free path should decide most candidates: " + decided);
  }
}
