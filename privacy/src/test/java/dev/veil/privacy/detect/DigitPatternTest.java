package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link DigitPattern} answers what {@code java.util.regex} full matches answer: on hand-written
 * patterns covering each construct of its subset, and for every national-number pattern of every
 * description in libphonenumber's metadata (every supported region and non-geographic calling code),
 * on every example number of the metadata and on seeded random digit strings of 0-17 digits,
 * prefixes and one- and two-digit mutations of the examples, and random walks of the automaton
 * itself; and the same for prefix matches ({@code lookingAt}) of every leading-digits and
 * international-prefix pattern of the metadata (and of the national-number patterns, on a quarter
 * of the probes). Syntax outside the subset is rejected, never misread.
 */
class DigitPatternTest {
  private static DigitPattern dfa(String regex) {
    return DigitPattern.compile(regex).orElseThrow(() -> new AssertionError("not compiled: " + regex));
  }

  /** Asserts the automaton agrees with java.util.regex on {@code s}, also as a suffix after a prefix, in full and prefix matches. */
  private static void agree(DigitPattern d, Pattern p, String s) {
    boolean expected = p.matcher(s).matches();
    assertEquals(expected, d.matches(s), () -> "pattern " + p + " on '" + s + "'");
    assertEquals(expected, d.matches("x1" + s, 2), () -> "pattern " + p + " on the suffix '" + s + "'");
    boolean prefix = p.matcher(s).lookingAt();
    assertEquals(prefix, d.lookingAt(s, 0), () -> "pattern " + p + " looking at '" + s + "'");
    assertEquals(prefix, d.lookingAt("x1" + s, 2), () -> "pattern " + p + " looking at the suffix '" + s + "'");
  }

  @Test
  void subsetConstructsMatchAsJavaRegexDoes() {
    List<String> patterns = List.of("", "1", "\\d", "[2-9]", "[0-24-68]", "[1\\d]", "12|34", "(?:1|2)3", "(1|2)3", "1?2", "1*2",
        "1+2", "\\d{3}", "\\d{2,4}", "\\d{2,}", "(?:12){0,2}", "(?:1?){3}", "(?:1*)*", "(?:|5)6", "(?:)", "()", "1|",
        "(?:[2-9]\\d{2}){1,2}", "1{00}", "[3-3]", "(?:1|12)(?:2|)", "[58]\\d{9}|(?:34|90)0\\d{7}");
    Random rnd = new Random(1);
    for (String regex : patterns) {
      DigitPattern d = dfa(regex);
      Pattern p = Pattern.compile(regex);
      for (int k = 0; k < 3000; k++) agree(d, p, randomDigits(rnd, rnd.nextInt(12)));
      for (String s : List.of("", "1", "12", "123", "1212", "56", "6", "2", "12a", "\uFF11", "1 2")) agree(d, p, s);
    }
  }

  @Test
  void nonDigitCharactersNeverMatch() {
    DigitPattern any = dfa("\\d*");
    assertTrue(any.matches("0123456789"));
    assertTrue(any.matches(""));
    assertFalse(any.matches("12a"));
    assertFalse(any.matches("1 2"));
    assertFalse(any.matches("\uFF11")); // a full-width digit: \d is ASCII in java.util.regex without flags
    assertFalse(any.matches("\u0661"));
    assertFalse(any.matches("/"));
    assertFalse(any.matches(":"));
    assertTrue(any.matches("ab12", 2));
    assertTrue(any.matches("ab", 2));
    DigitPattern twelve = dfa("12");
    assertTrue(twelve.lookingAt("123", 0));
    assertTrue(twelve.lookingAt("12x", 0));
    assertFalse(twelve.lookingAt("1x2", 0));
    assertFalse(twelve.lookingAt("1", 0));
    assertTrue(dfa("1?").lookingAt("x", 0)); // the empty prefix matches
  }

  @Test
  void syntaxOutsideTheSubsetIsRejected() {
    for (String regex : List.of("a", ".", "\\D", "\\s", "\\1", "\\0", "\\x31", "[^1]", "[1-]", "[-1]", "[5-1]", "[0-2-5]", "[\\d-5]",
        "[]1]", "[]", "[1[2]]", "[1&&2]", "[a]", "[1", "(?=1)", "(?!1)", "(?<n>1)", "(?i)1", "(?>1)", "(1", "1)", "*1", "?1",
        "+1", "{2}", "1**", "1*?", "1??", "1+?", "1{2}?", "1{2}+", "1++", "1{2}{3}", "1{,2}", "1{2,1}", "1{", "1{2", "1{2,",
        "1{a}", "1{101}", "1{1,101}", "^1", "1$", " 1", "1 ", "\\", "|*", "(|?)", "]", "}")) {
      assertEquals(Optional.empty(), DigitPattern.compile(regex), () -> "accepted: " + regex);
    }
  }

  @Test
  void aPatternPastTheStateLimitIsNotCompiled() {
    // a 1 eleven digits before the end: the DFA must remember the last 11 digits' ones, 2^11 states
    assertEquals(Optional.empty(), DigitPattern.compile("\\d*1\\d{10}"));
    assertEquals(Optional.empty(), DigitPattern.compile("\\d{3}", 3));
    assertTrue(DigitPattern.compile("\\d{3}", 4).isPresent());
    assertTrue(DigitPattern.compile("\\d*1\\d{3}").isPresent());
    // repetitions of repetitions: a million NFA states, refused before the subset construction
    assertEquals(Optional.empty(), DigitPattern.compile("(?:(?:\\d{100}){100}){100}"));
    String nested = "(".repeat(DigitPattern.MAX_DEPTH) + "1" + ")".repeat(DigitPattern.MAX_DEPTH);
    assertTrue(DigitPattern.compile(nested).isPresent());
    assertEquals(Optional.empty(), DigitPattern.compile("(" + nested + ")"));
    assertEquals(Optional.empty(), DigitPattern.compile("(".repeat(100_000) + "1" + ")".repeat(100_000)));
    assertThrows(IllegalArgumentException.class, () -> DigitPattern.compile("1", 0));
    assertThrows(IllegalArgumentException.class, () -> DigitPattern.compile(null));
  }

  private static String randomDigits(Random rnd, int len) {
    char[] c = new char[len];
    for (int i = 0; i < len; i++) c[i] = (char) ('0' + rnd.nextInt(10));
    return new String(c);
  }

  private static List<Phonemetadata.PhoneNumberDesc> descs(Phonemetadata.PhoneMetadata m) {
    return List.of(m.getGeneralDesc(), m.getFixedLine(), m.getMobile(), m.getTollFree(), m.getPremiumRate(), m.getSharedCost(),
        m.getVoip(), m.getPersonalNumber(), m.getPager(), m.getUan(), m.getVoicemail(), m.getNoInternationalDialling());
  }

  private static List<Phonemetadata.PhoneMetadata> allMetadata() {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    com.google.i18n.phonenumbers.metadata.source.MetadataSource source =
        com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    List<Phonemetadata.PhoneMetadata> out = new ArrayList<>();
    for (String r : new java.util.TreeSet<>(util.getSupportedRegions())) out.add(source.getMetadataForRegion(r));
    for (int cc : new java.util.TreeSet<>(util.getSupportedGlobalNetworkCallingCodes())) {
      out.add(source.getMetadataForNonGeographicalRegion(cc));
    }
    return out;
  }

  @Test
  void everyMetadataPatternMatchesAsJavaRegexDoes() {
    // pattern -> the example numbers of the metadata it was read with (its own region's)
    Map<String, Set<String>> examplesOf = new TreeMap<>();
    Set<String> allExamples = new LinkedHashSet<>();
    int descriptions = 0;
    for (Phonemetadata.PhoneMetadata m : allMetadata()) {
      List<String> own = new ArrayList<>();
      for (Phonemetadata.PhoneNumberDesc desc : descs(m)) if (desc.hasExampleNumber()) own.add(desc.getExampleNumber());
      allExamples.addAll(own);
      for (Phonemetadata.PhoneNumberDesc desc : descs(m)) {
        if (!desc.hasNationalNumberPattern() || desc.getNationalNumberPattern().isEmpty()) continue;
        descriptions++;
        examplesOf.computeIfAbsent(desc.getNationalNumberPattern(), k -> new LinkedHashSet<>()).addAll(own);
      }
    }
    assertTrue(descriptions > 1000, "descriptions read: " + descriptions);
    assertTrue(allExamples.size() > 500, "example numbers read: " + allExamples.size());

    Random rnd = new Random(20261126);
    int fallbacks = 0;
    long checks = 0;
    long matched = 0;
    for (Map.Entry<String, Set<String>> e : examplesOf.entrySet()) {
      String regex = e.getKey();
      Pattern p = Pattern.compile(regex);
      Optional<DigitPattern> compiled = DigitPattern.compile(regex);
      if (compiled.isEmpty()) {
        fallbacks++;
        continue;
      }
      DigitPattern d = compiled.get();
      List<String> probes = new ArrayList<>(allExamples); // (a) every example number of the metadata
      for (int k = 0; k < 1500; k++) probes.add(randomDigits(rnd, rnd.nextInt(18))); // (b) random, 0-17 digits
      for (String ex : e.getValue()) {
        for (int len = 0; len <= ex.length(); len++) probes.add(ex.substring(0, len)); // prefixes
        for (int k = 0; k < 40; k++) {
          char[] c = ex.toCharArray();
          int changes = 1 + rnd.nextInt(2);
          for (int x = 0; x < changes && c.length > 0; x++) c[rnd.nextInt(c.length)] = (char) ('0' + rnd.nextInt(10));
          probes.add(new String(c)); // mutations
          probes.add(ex + randomDigits(rnd, 1 + rnd.nextInt(3))); // extensions
          probes.add(randomDigits(rnd, 1 + rnd.nextInt(2)) + ex);
          if (ex.length() > 1) probes.add(ex.substring(1 + rnd.nextInt(ex.length() - 1))); // suffixes
        }
      }
      // strings the automaton accepts or nearly accepts: random walks through its own states
      for (int k = 0; k < 300; k++) probes.add(acceptedWalk(rnd, d));
      for (int k = 0; k < probes.size(); k++) {
        String s = probes.get(k);
        boolean expected = p.matcher(s).matches();
        assertEquals(expected, d.matches(s), () -> "pattern " + regex + " on '" + s + "'");
        checks++;
        if (expected) matched++;
        if (k % 4 == 0) assertEquals(p.matcher(s).lookingAt(), d.lookingAt(s, 0), () -> "pattern " + regex + " looking at '" + s + "'");
      }
      String any = probes.get(rnd.nextInt(probes.size()));
      assertEquals(p.matcher(any).matches(), d.matches("+0" + any, 2), () -> "pattern " + regex + " on the suffix '" + any + "'");
    }
    System.out.printf("DigitPatternTest: %d metadata descriptions, %d distinct patterns, %d fell back to java.util.regex, "
        + "%d comparisons (%d matches)%n", descriptions, examplesOf.size(), fallbacks, checks, matched);
    assertTrue(examplesOf.size() > 500, "patterns read: " + examplesOf.size());
    assertEquals(0, fallbacks, "metadata patterns the automaton could not compile");
    assertTrue(matched > 100_000, "too few matching probes to test acceptance: " + matched);
  }

  @Test
  void everyMetadataPrefixPatternLooksAtAsJavaRegexDoes() {
    Set<String> patterns = new java.util.TreeSet<>();
    Set<String> examples = new LinkedHashSet<>();
    for (Phonemetadata.PhoneMetadata m : allMetadata()) {
      if (m.hasLeadingDigits()) patterns.add(m.getLeadingDigits());
      if (m.hasInternationalPrefix()) patterns.add(m.getInternationalPrefix());
      for (Phonemetadata.PhoneNumberDesc desc : descs(m)) if (desc.hasExampleNumber()) examples.add(desc.getExampleNumber());
    }
    assertTrue(patterns.size() > 50, "patterns read: " + patterns.size());
    Random rnd = new Random(7);
    List<String> fellBack = new ArrayList<>();
    long matched = 0;
    for (String regex : patterns) {
      Optional<DigitPattern> compiled = DigitPattern.compile(regex);
      if (compiled.isEmpty()) {
        fellBack.add(regex);
        continue;
      }
      DigitPattern d = compiled.get();
      Pattern p = Pattern.compile(regex);
      List<String> probes = new ArrayList<>();
      for (String ex : examples) {
        probes.add(ex);
        probes.add("00" + ex);
        probes.add("011" + ex);
      }
      for (int k = 0; k < 1000; k++) probes.add(randomDigits(rnd, rnd.nextInt(18)));
      for (int k = 0; k < 300; k++) probes.add(acceptedWalk(rnd, d) + randomDigits(rnd, rnd.nextInt(4)));
      for (String s : probes) {
        boolean expected = p.matcher(s).lookingAt();
        assertEquals(expected, d.lookingAt(s, 0), () -> "pattern " + regex + " looking at '" + s + "'");
        if (expected) matched++;
      }
    }
    System.out.printf("DigitPatternTest: %d leading-digits and international-prefix patterns, %d fell back to java.util.regex: %s%n",
        patterns.size(), fellBack.size(), fellBack);
    assertEquals(List.of(), fellBack, "prefix patterns the automaton could not compile");
    assertTrue(matched > 10_000, "too few matching probes to test acceptance: " + matched);
  }

  /**
   * A digit string drawn by a random walk over the automaton's live transitions of up to 17 digits,
   * stopping at an accepting state with some probability (so most walks end in a match), or with one
   * last random digit that may leave the automaton.
   */
  private static String acceptedWalk(Random rnd, DigitPattern d) {
    StringBuilder b = new StringBuilder();
    for (int step = 0; step < 17; step++) {
      if (d.matches(b.toString()) && rnd.nextInt(4) == 0) break;
      List<Integer> live = new ArrayList<>();
      for (int digit = 0; digit < 10; digit++) if (d.isPrefix(b + String.valueOf(digit))) live.add(digit);
      if (live.isEmpty()) break;
      b.append(live.get(rnd.nextInt(live.size())));
    }
    if (rnd.nextInt(5) == 0) b.append(rnd.nextInt(10));
    return b.toString();
  }
}
