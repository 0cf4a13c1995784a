package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AnalyzerTest {
  private static final PiiClass BADGE = PiiClass.of("BADGE");

  /** A recognizer that finds "B-" + 4 digits with a low score and counts its calls. */
  static final class Badge implements Recognizer {
    final AtomicInteger calls = new AtomicInteger();
    final double score;

    Badge(double score) {
      this.score = score;
    }

    @Override public PiiClass entity() { return BADGE; }
    @Override public String id() { return "badge"; }
    @Override public boolean validates(String v) { return v.matches("B-\\d{4}"); }
    @Override public List<String> nameHints() { return List.of(); }
    @Override public Prefilter prefilter() { return Prefilter.anchors("b-"); }
    @Override public List<String> contextWords() { return List.of("badge", "access card"); }

    @Override
    public List<Span> find(String text) {
      calls.incrementAndGet();
      List<Span> out = new ArrayList<>();
      for (int i = text.indexOf("B-"); i >= 0; i = text.indexOf("B-", i + 1)) {
        if (i + 6 <= text.length() && text.substring(i + 2, i + 6).chars().allMatch(Character::isDigit)) {
          out.add(new Span(BADGE, i, i + 6, score, "badge", "pattern B-dddd"));
        }
      }
      return out;
    }
  }

  @Test
  void prefilterSkipsRecognizersWhoseAnchorIsAbsent() {
    Badge b = new Badge(0.9);
    Analyzer a = new Analyzer(List.of(b), AnalyzerConfig.defaults());
    assertTrue(a.analyze("nothing to see here 1234").isEmpty());
    assertEquals(0, b.calls.get());
    assertEquals(1, a.analyze("see b-1234 and B-5678").size()); // anchor matches case-insensitively
    assertEquals(1, b.calls.get());
  }

  @Test
  void lowScoreSpansNeedContext() {
    Analyzer a = new Analyzer(List.of(new Badge(0.3)), AnalyzerConfig.defaults());
    assertTrue(a.analyze("the code is B-1234 today").isEmpty());
    List<Span> found = a.analyze("my badge number is B-1234 today");
    assertEquals(1, found.size());
    assertEquals(0.65, found.get(0).score(), 1e-9);
    assertTrue(found.get(0).explanation().contains("context word 'badge'"));
    // a word that begins with a 4+ letter context word counts ("badges")
    assertEquals(1, a.analyze("their badges: B-1234").size());
    // phrase context: every word within the window
    assertEquals(1, a.analyze("access via card B-1234").size());
    // outside the window (5 words) it does not count
    assertTrue(a.analyze("badge one two three four five six B-1234").isEmpty());
    assertEquals(1, a.analyze("B-1234 one two three four badge").size());
  }

  /** Finds "T" + 4 digits anywhere, even inside a word; context words "id" and "pin" (too short to count as word beginnings). */
  static final class Tag implements Recognizer {
    @Override public PiiClass entity() { return BADGE; }
    @Override public String id() { return "tag"; }
    @Override public boolean validates(String v) { return v.matches("T\\d{4}"); }
    @Override public List<String> nameHints() { return List.of(); }
    @Override public Prefilter prefilter() { return Prefilter.digits(4); }
    @Override public List<String> contextWords() { return List.of("id", "pin"); }

    @Override
    public List<Span> find(String text) {
      List<Span> out = new ArrayList<>();
      for (int i = text.indexOf('T'); i >= 0; i = text.indexOf('T', i + 1)) {
        if (i + 5 <= text.length() && text.substring(i + 1, i + 5).chars().allMatch(Character::isDigit)) {
          out.add(new Span(BADGE, i, i + 5, 0.3, "tag", "pattern Tdddd"));
        }
      }
      return out;
    }
  }

  /**
   * Context words are found whether or not the text holds them as whole words elsewhere: a word the
   * span cuts contributes its part outside the span ("id" in "idT1234", "pin" in "T1234pin"), which
   * the whole word ("idt1234") does not match.
   */
  @Test
  void contextWordsCutBySpanCount() {
    Analyzer a = new Analyzer(List.of(new Tag()), AnalyzerConfig.defaults());
    assertTrue(a.analyze("the tag is T1234 today").isEmpty());
    assertTrue(a.analyze("the tag is xT1234y today").isEmpty());
    assertEquals(List.of("context word 'id'"), contextWords(a.analyze("tag idT1234 today")));
    assertEquals(List.of("context word 'pin'"), contextWords(a.analyze("tag T1234pin today")));
    assertEquals(List.of("context word 'id'"), contextWords(a.analyze("my id: T1234")));
    assertTrue(a.analyze("my idea T1234").isEmpty()); // "idea" does not begin with a 4+ letter context word
  }

  private static List<String> contextWords(List<Span> spans) {
    List<String> out = new ArrayList<>();
    for (Span s : spans) out.add(s.explanation().substring(s.explanation().indexOf("context word")));
    return out;
  }

  @Test
  void perEntityWindowBoostAndWords() {
    AnalyzerConfig c = AnalyzerConfig.defaults()
        .withEntity(BADGE, new AnalyzerConfig.EntityContext(List.of("pass"), 8, 0.5));
    Analyzer a = new Analyzer(List.of(new Badge(0.3)), c);
    List<Span> s = a.analyze("pass one two three four five six B-1234");
    assertEquals(1, s.size());
    assertEquals(0.8, s.get(0).score(), 1e-9);
  }

  @Test
  void allowListDropsExactValuesOnly() {
    Analyzer a = new Analyzer(List.of(new Badge(0.9)), AnalyzerConfig.defaults().withAllowList(Set.of(" b-0000 ")));
    List<Span> s = a.analyze("B-0000 and B-1234");
    assertEquals(1, s.size());
    assertEquals(11, s.get(0).start());
  }

  @Test
  void overlapsResolvedByScoreThenLength() {
    Span low = new Span(BADGE, 0, 10, 0.6, "x", "");
    Span high = new Span(PiiClass.PERSON, 5, 8, 0.9, "y", "");
    Span longer = new Span(PiiClass.PHONE_NUMBER, 12, 20, 0.7, "z", "");
    Span shorter = new Span(PiiClass.US_SSN, 12, 15, 0.7, "w", "");
    Span apart = new Span(BADGE, 25, 30, 0.5, "v", "");
    List<Span> r = Analyzer.resolve(List.of(low, high, shorter, longer, apart));
    assertEquals(List.of(high, longer, apart), r);
  }

  @Test
  void nullEmptyAndHugeTextsAreSafe() {
    Analyzer a = new Analyzer(List.of(new Badge(0.9)), AnalyzerConfig.defaults());
    assertTrue(a.analyze(null).isEmpty());
    assertTrue(a.analyze("").isEmpty());
    String big = "B-".repeat(2_000_000);
    assertTrue(a.analyze(big).isEmpty());
  }

  @Test
  void survivesSerialization() throws Exception {
    Analyzer a = new Analyzer(List.of(new PatternRecognizer("emp", PiiClass.of("EMP"), "EMP-[0-9]{4}", null, 0.9,
        List.of(), List.of(), List.of("EMP-"))), AnalyzerConfig.defaults());
    assertEquals(1, a.analyze("id EMP-1234").size());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    Analyzer back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (Analyzer) in.readObject();
    }
    assertEquals(a.analyze("id EMP-1234 and EMP-9"), back.analyze("id EMP-1234 and EMP-9"));
  }

  @Test
  void configRejectsOutOfRangeSettings() {
    assertThrows(IllegalArgumentException.class, () -> AnalyzerConfig.defaults().withMinScore(1.5));
    assertThrows(IllegalArgumentException.class, () -> new AnalyzerConfig(0.5, -1, 0.3, 0.4, Map.of(), Set.of()));
    assertThrows(IllegalArgumentException.class, () -> new AnalyzerConfig.EntityContext(List.of(), 3, 2.0));
  }

  @Test
  void windowTokenizesAroundTheSpan() {
    String t = "Call me, (re: SSN) at 123-45-6789 -- thanks, Bob!";
    int s = t.indexOf("123");
    List<String> w = Analyzer.window(t, s, s + 11, 2);
    assertEquals(List.of("at", "ssn", "thanks", "bob"), w);
    assertFalse(Analyzer.window(t, s, s + 11, 10).contains(""));
  }
}
