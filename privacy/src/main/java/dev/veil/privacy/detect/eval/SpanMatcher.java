package dev.veil.privacy.detect.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The span-level matching rule of {@code veil pii eval}: a predicted span matches a gold span when
 * their (canonical) entity types are equal and the intersection over union of their character
 * ranges is at least the threshold (0.5 by default). Matching is one-to-one: every pair that
 * qualifies is ranked by IoU (highest first; ties by gold start, then predicted start) and taken
 * greedily when neither side is matched yet. Unmatched predictions are false positives, unmatched
 * gold spans false negatives. Stateless and thread-safe.
 */
public final class SpanMatcher {
  private SpanMatcher() {}

  /** A span to match: canonical type and {@code [start, end)} in any consistent unit. */
  public record Typed(String type, int start, int end) {}

  /** Indexes of a matched gold and predicted span and their IoU. */
  public record Pair(int gold, int predicted, double iou) {}

  /** Intersection over union of {@code [s1, e1)} and {@code [s2, e2)}; 0 when either is empty or they are disjoint. */
  public static double iou(int s1, int e1, int s2, int e2) {
    int inter = Math.min(e1, e2) - Math.max(s1, s2);
    if (inter <= 0) return 0;
    int union = Math.max(e1, e2) - Math.min(s1, s2);
    return (double) inter / union;
  }

  /**
   * The one-to-one matching of {@code predicted} against {@code gold}.
   *
   * @param minIou the least IoU for a match, in (0, 1]
   */
  public static List<Pair> match(List<Typed> gold, List<Typed> predicted, double minIou) {
    if (!(minIou > 0 && minIou <= 1)) {
      throw new IllegalArgumentException("minIou must be > 0 and <= 1. Provided value: " + minIou);
    }
    List<Pair> candidates = new ArrayList<>();
    for (int g = 0; g < gold.size(); g++) {
      Typed a = gold.get(g);
      for (int p = 0; p < predicted.size(); p++) {
        Typed b = predicted.get(p);
        if (!a.type().equals(b.type())) continue;
        double iou = iou(a.start(), a.end(), b.start(), b.end());
        if (iou >= minIou) candidates.add(new Pair(g, p, iou));
      }
    }
    candidates.sort(Comparator.comparingDouble(Pair::iou).reversed()
        .thenComparingInt(c -> gold.get(c.gold()).start())
        .thenComparingInt(c -> predicted.get(c.predicted()).start())
        .thenComparingInt(Pair::gold).thenComparingInt(Pair::predicted));
    boolean[] goldUsed = new boolean[gold.size()];
    boolean[] predUsed = new boolean[predicted.size()];
    List<Pair> out = new ArrayList<>();
    for (Pair c : candidates) {
      if (goldUsed[c.gold()] || predUsed[c.predicted()]) continue;
      goldUsed[c.gold()] = true;
      predUsed[c.predicted()] = true;
      out.add(c);
    }
    return out;
  }
}
