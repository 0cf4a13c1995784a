package dev.veil.privacy.detect.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void handChecked_3tp_1fp_2fn() {
    Metrics m = new Metrics(3, 1, 2);
    assertEquals(5, m.support());
    assertEquals(0.75, m.precision(), 1e-12);
    assertEquals(0.6, m.recall(), 1e-12);
    // F1 = 2PR/(P+R) = 0.9/1.35; F2 = 5PR/(4P+R) = 2.25/3.6
    assertEquals(2.0 / 3.0, m.f1(), 1e-12);
    assertEquals(0.625, m.f2(), 1e-12);
  }

  @Test
  void f2WeighsRecallMoreThanF1() {
    Metrics highRecall = new Metrics(9, 9, 1); // P 0.5, R 0.9
    assertEquals(0.6429, highRecall.f1(), 1e-4);
    assertEquals(0.7759, highRecall.f2(), 1e-4);
  }

  @Test
  void zeroDenominators_giveZero() {
    Metrics none = new Metrics(0, 0, 4);
    assertEquals(0, none.precision());
    assertEquals(0, none.recall());
    assertEquals(0, none.f2());
    Metrics onlyFp = new Metrics(0, 3, 0);
    assertEquals(0, onlyFp.recall());
    assertEquals(0, onlyFp.support());
  }

  @Test
  void plus_sumsCounts_microAverage() {
    Metrics a = new Metrics(10, 0, 0);
    Metrics b = new Metrics(0, 0, 10);
    Metrics sum = a.plus(b);
    assertEquals(new Metrics(10, 0, 10), sum);
    assertEquals(0.5, sum.recall(), 1e-12);
    assertEquals(1.0, sum.precision(), 1e-12);
  }

  @Test
  void negativeCounts_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Metrics(-1, 0, 0));
  }
}
