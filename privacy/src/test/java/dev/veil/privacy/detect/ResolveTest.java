package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.core.schema.PiiClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Conflict resolution: the linear check used for the few spans of one text keeps exactly what the
 * ordered-map check used for many spans keeps, on random span sets with ties in score, length and
 * start, empty spans and nested and touching spans; and the result never overlaps.
 */
class ResolveTest {
  private static final PiiClass[] TYPES = {PiiClass.of("PERSON"), PiiClass.of("LOCATION"), PiiClass.of("PHONE_NUMBER")};

  @Test
  void smallAndLargePathsAgree() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 20_000; trial++) {
      int count = rnd.nextInt(33);
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int start = rnd.nextInt(40);
        int end = start + rnd.nextInt(8);
        double score = (1 + rnd.nextInt(4)) / 4.0;
        spans.add(new Span(TYPES[rnd.nextInt(TYPES.length)], start, end, score, "r" + i, ""));
      }
      List<Span> small = Analyzer.resolve(spans);
      Span[] sorted = spans.toArray(new Span[0]);
      Arrays.sort(sorted, (a, b) -> {
        int c = Double.compare(b.score(), a.score());
        if (c != 0) return c;
        c = Integer.compare(b.end() - b.start(), a.end() - a.start());
        if (c != 0) return c;
        c = Integer.compare(a.start(), b.start());
        return c != 0 ? c : a.entity().name().compareTo(b.entity().name());
      });
      assertEquals(Analyzer.resolveMany(sorted), small, "trial " + trial);
      for (int i = 1; i < small.size(); i++) {
        assertTrue(small.get(i - 1).end() <= small.get(i).start(), "ordered and non-overlapping, trial " + trial);
      }
    }
  }
}
