package dev.veil.privacy.detect.ner;

import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Span-level precision, recall, F1 and F2 for the NER entity types (test helper). A predicted span
 * is a true positive when its type equals the gold type after the synonym mapping (GPE is LOCATION,
 * ADDRESS is STREET_ADDRESS) and the intersection-over-union of the character ranges is >= 0.5;
 * each gold span matches at most one prediction.
 */
final class SpanEval {
  static final Set<String> TYPES = Set.of("PERSON", "LOCATION", "ORGANIZATION", "NRP", "TITLE", "STREET_ADDRESS");

  /** A labelled span in UTF-16 offsets. */
  record Gold(String type, int start, int end) {}

  /** A labelled text. */
  record Example(String text, List<Gold> spans) {}

  static String canonical(String type) {
    return switch (type) {
      case "GPE" -> "LOCATION";
      case "ADDRESS" -> "STREET_ADDRESS";
      default -> type;
    };
  }

  /** Counts per entity type: tp, fp, fn. */
  final Map<String, int[]> counts = new TreeMap<>();

  void add(List<Gold> gold, List<Span> predicted) {
    List<Gold> g = new ArrayList<>();
    for (Gold x : gold) {
      String c = canonical(x.type());
      if (TYPES.contains(c)) g.add(new Gold(c, x.start(), x.end()));
    }
    boolean[] goldUsed = new boolean[g.size()];
    for (Span p : predicted) {
      String pt = canonical(p.entity().name());
      if (!TYPES.contains(pt)) continue;
      int best = -1;
      double bestIou = 0.5;
      for (int i = 0; i < g.size(); i++) {
        if (goldUsed[i] || !g.get(i).type().equals(pt)) continue;
        double iou = iou(p.start(), p.end(), g.get(i).start(), g.get(i).end());
        if (iou >= bestIou) {
          bestIou = iou;
          best = i;
        }
      }
      int[] c = counts.computeIfAbsent(pt, k -> new int[3]);
      if (best >= 0) {
        goldUsed[best] = true;
        c[0]++;
      } else {
        c[1]++;
      }
    }
    for (int i = 0; i < g.size(); i++) {
      if (!goldUsed[i]) counts.computeIfAbsent(g.get(i).type(), k -> new int[3])[2]++;
    }
  }

  static double iou(int s1, int e1, int s2, int e2) {
    int inter = Math.max(0, Math.min(e1, e2) - Math.max(s1, s2));
    int union = Math.max(e1, e2) - Math.min(s1, s2);
    return union == 0 ? 0 : (double) inter / union;
  }

  int[] total() {
    int[] t = new int[3];
    for (int[] c : counts.values()) for (int i = 0; i < 3; i++) t[i] += c[i];
    return t;
  }

  static double precision(int[] c) {
    return c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
  }

  static double recall(int[] c) {
    return c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
  }

  static double fBeta(int[] c, double beta) {
    double p = precision(c);
    double r = recall(c);
    double b2 = beta * beta;
    return p + r == 0 ? 0 : (1 + b2) * p * r / (b2 * p + r);
  }

  double f2(String type) {
    int[] c = type == null ? total() : counts.getOrDefault(type, new int[3]);
    return fBeta(c, 2);
  }

  String report() {
    StringBuilder sb = new StringBuilder(String.format("%-15s %6s %6s %6s %6s %5s %5s %5s%n", "entity", "P", "R", "F1", "F2", "tp", "fp", "fn"));
    Map<String, int[]> all = new TreeMap<>(counts);
    all.put("~overall", total());
    for (Map.Entry<String, int[]> e : all.entrySet()) {
      int[] c = e.getValue();
      sb.append(String.format("%-15s %6.3f %6.3f %6.3f %6.3f %5d %5d %5d%n", e.getKey(), precision(c), recall(c), fBeta(c, 1),
          fBeta(c, 2), c[0], c[1], c[2]));
    }
    return sb.toString();
  }
}
