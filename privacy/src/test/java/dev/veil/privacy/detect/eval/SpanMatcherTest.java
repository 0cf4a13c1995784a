package dev.veil.privacy.detect.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.detect.eval.SpanMatcher.Pair;
import dev.veil.privacy.detect.eval.SpanMatcher.Typed;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanMatcherTest {
  static Typed t(String type, int s, int e) {
    return new Typed(type, s, e);
  }

  @Test
  void iou_identical_disjoint_touching_contained() {
    assertEquals(1.0, SpanMatcher.iou(3, 8, 3, 8));
    assertEquals(0.0, SpanMatcher.iou(0, 3, 5, 8));
    assertEquals(0.0, SpanMatcher.iou(0, 3, 3, 8), "touching ranges share no character");
    assertEquals(0.25, SpanMatcher.iou(0, 8, 2, 4), 1e-12);
    assertEquals(0.0, SpanMatcher.iou(2, 2, 0, 8), "an empty range has no overlap");
  }

  @Test
  void iouExactlyHalf_matches_justBelow_doesNot() {
    // gold [0,10), predicted [0,5): IoU 5/10 = 0.5
    assertEquals(1, SpanMatcher.match(List.of(t("A", 0, 10)), List.of(t("A", 0, 5)), 0.5).size());
    // gold [0,10), predicted [1,6): 5/10 again; predicted [0,4) with gold [0,9): 4/9 < 0.5
    assertEquals(0, SpanMatcher.match(List.of(t("A", 0, 9)), List.of(t("A", 0, 4)), 0.5).size());
    // partial overlap: [0,6) vs [2,8): 4/8 = 0.5
    assertEquals(1, SpanMatcher.match(List.of(t("A", 0, 6)), List.of(t("A", 2, 8)), 0.5).size());
    // [0,6) vs [3,9): 3/9 < 0.5
    assertEquals(0, SpanMatcher.match(List.of(t("A", 0, 6)), List.of(t("A", 3, 9)), 0.5).size());
  }

  @Test
  void differentTypes_neverMatch() {
    assertTrue(SpanMatcher.match(List.of(t("PERSON", 0, 5)), List.of(t("LOCATION", 0, 5)), 0.5).isEmpty());
  }

  @Test
  void twoPredictionsOnOneGold_onlyTheBetterMatches() {
    List<Pair> m = SpanMatcher.match(List.of(t("A", 0, 10)), List.of(t("A", 0, 6), t("A", 0, 9)), 0.5);
    assertEquals(List.of(new Pair(0, 1, 0.9)), m);
  }

  @Test
  void onePredictionOverTwoGolds_matchesOnlyTheHigherIou() {
    // prediction [0,10) against gold [0,6) (0.6) and [4,10) (0.6 would tie) -> make the second 0.5
    List<Pair> m = SpanMatcher.match(List.of(t("A", 0, 6), t("A", 5, 10)), List.of(t("A", 0, 10)), 0.5);
    assertEquals(1, m.size());
    assertEquals(0, m.get(0).gold());
  }

  @Test
  void greedyByIou_notFirstComeFirstServed() {
    // g0 [0,10) and g1 [4,14); p0 [3,13) has IoU 7/13 with g0 and 9/11 with g1; p1 [0,7) has 7/10 with g0, 3/14 with g1.
    // Taking pairs by falling IoU gives (g1,p0) then (g0,p1): two matches. Matching g0 to the first qualifying
    // prediction (p0) would leave g1 unmatched.
    List<Typed> gold = List.of(t("A", 0, 10), t("A", 4, 14));
    List<Typed> pred = List.of(t("A", 3, 13), t("A", 0, 7));
    List<Pair> m = SpanMatcher.match(gold, pred, 0.5);
    assertEquals(List.of(new Pair(1, 0, 9.0 / 11), new Pair(0, 1, 0.7)), m);
  }

  @Test
  void eachGoldAndPredictionUsedAtMostOnce() {
    List<Typed> gold = List.of(t("A", 0, 4), t("A", 0, 4), t("A", 10, 14));
    List<Typed> pred = List.of(t("A", 0, 4), t("A", 10, 14), t("A", 10, 14));
    List<Pair> m = SpanMatcher.match(gold, pred, 0.5);
    assertEquals(2, m.size());
    assertEquals(2, m.stream().map(Pair::gold).distinct().count());
    assertEquals(2, m.stream().map(Pair::predicted).distinct().count());
  }

  @Test
  void invalidThreshold_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> SpanMatcher.match(List.of(), List.of(), 0));
    assertThrows(IllegalArgumentException.class, () -> SpanMatcher.match(List.of(), List.of(), 1.5));
    assertThrows(IllegalArgumentException.class, () -> SpanMatcher.match(List.of(), List.of(), Double.NaN));
  }
}
