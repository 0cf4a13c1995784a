package dev.veil.pipelines.beam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** The byte blocks of the Beam DP stage, its bucket function, the flat states' coders and the keyed merge. */
class UnitBlockTest {
  @Test
  void recordsRoundTrip_withNullEmptyNonAsciiLongKeysAndSpecialDoubles() {
    String[] units = {"u1", "", "\u00fcnit", "\uD83D\uDE00", "x".repeat(70_000)};
    String[][] keys = {{"a", null}, {"", "\u00e9t\u00e9"}, {null, null}, {"\uD83D\uDE00", "k"}, {"y".repeat(300), ""}};
    double[][] values = {{1.5, -0.0}, {Double.NaN, Double.POSITIVE_INFINITY}, {0x1p53 + 2, -1e300},
        {Double.MIN_VALUE, 0}, {42, Double.NEGATIVE_INFINITY}};
    UnitBlock.Writer w = new UnitBlock.Writer(1);
    for (int i = 0; i < units.length; i++) {
      w.add(units[i], java.util.Arrays.asList(keys[i]), values[i]);
    }
    assertEquals(5, w.records());
    byte[] block = w.drain();
    assertEquals(0, w.size());
    assertEquals(0, w.records());
    UnitBlock.Reader r = new UnitBlock.Reader(block, 2, 2);
    for (int i = 0; i < units.length; i++) {
      assertTrue(r.next());
      assertEquals(units[i], r.unit());
      assertEquals(keys[i][0], r.key(0));
      assertEquals(keys[i][1], r.key(1));
      for (int j = 0; j < 2; j++) {
        assertEquals(Double.doubleToRawLongBits(values[i][j]), Double.doubleToRawLongBits(r.value(j)));
      }
    }
    assertFalse(r.next());
  }

  @Test
  void writerIsReusableAfterDrain_andRandomRecordsRoundTrip() {
    Random rnd = new Random(5);
    UnitBlock.Writer w = new UnitBlock.Writer(16);
    for (int round = 0; round < 3; round++) {
      List<Object[]> written = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        String unit = randomString(rnd);
        String[] key = {rnd.nextInt(4) == 0 ? null : randomString(rnd)};
        double[] v = {rnd.nextGaussian() * 1e6};
        w.add(unit, java.util.Arrays.asList(key), v);
        written.add(new Object[] {unit, key[0], v[0]});
      }
      UnitBlock.Reader r = new UnitBlock.Reader(w.drain(), 1, 1);
      for (Object[] e : written) {
        assertTrue(r.next());
        assertEquals(e[0], r.unit());
        assertEquals(e[1], r.key(0));
        assertEquals((double) e[2], r.value(0));
      }
      assertFalse(r.next());
    }
  }

  private static String randomString(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      int c = rnd.nextInt(5) == 0 ? 0x80 + rnd.nextInt(0x3000) : 0x20 + rnd.nextInt(0x5F);
      b.append((char) c);
    }
    if (rnd.nextInt(10) == 0) b.append("\uD83D\uDE00");
    return b.toString();
  }

  @Test
  void bucketIsStableAndSpreadsUnits() {
    int[] counts = new int[DpAggregateTransform.BUCKETS];
    for (int u = 0; u < 128_000; u++) {
      int b = DpAggregateTransform.bucket("u" + u);
      assertEquals(b, DpAggregateTransform.bucket(new String("u" + u)));
      counts[b]++;
    }
    for (int c : counts) {
      // 1,000 expected per bucket; a bucket outside [800, 1200] would mean a poor hash (binomial sd ~ 31.5)
      assertTrue(c > 800 && c < 1200, "bucket sizes " + java.util.Arrays.toString(counts));
    }
  }

  @Test
  void flatStatesCoderRoundTrips_sparseAndDense() throws Exception {
    DpAggregateTransform.FlatStatesCoder coder = new DpAggregateTransform.FlatStatesCoder();
    for (DpAggregateTransform.FlatStates s : List.of(new DpAggregateTransform.FlatStates(new int[] {3, 0, 70_000},
        new long[] {1, -2, Long.MAX_VALUE, Long.MIN_VALUE, 0, 5}), new DpAggregateTransform.FlatStates(null, new long[] {7, 8}),
        new DpAggregateTransform.FlatStates(new int[0], new long[0]))) {
      DpAggregateTransform.FlatStates back = CoderUtils.clone(coder, s);
      assertNotSame(s, back);
      assertArrayEquals(s.index, back.index);
      assertArrayEquals(s.flat, back.flat);
    }
  }

  @Test
  void keyedFlatMerge_mergesPerKey_leavesInputsUnchanged_andCoderRoundTrips() throws Exception {
    dev.veil.privacy.dp.aggregate.DpAggregator.StateMerger merger = dev.veil.privacy.dp.aggregate.DpAggregator.of(
        dev.veil.privacy.dp.aggregate.DpQuery.builder().privacyUnit("u").groupBy("k", "g").budget(1.0, 1e-6)
            .metric(dev.veil.privacy.dp.aggregate.Metric.count()).metric(dev.veil.privacy.dp.aggregate.Metric.sum("x"))
            .bounds("x", 0, 10).maxPartitionsContributed(1).maxContributionsPerPartition(1).build(),
        dev.veil.privacy.dp.aggregate.Mechanisms.zeroNoiseForTests(dev.veil.privacy.dp.DpTesting.FOR_TESTS_ONLY))
        .stateMerger();
    int w = merger.flatWidth();
    Random rnd = new Random(9);
    String[][] keys = {{"a", null}, {"", "\u00e9"}, {null, null}, {"b", "1"}};
    // three inputs, each with a random subset of the keys and small random states; the expected sum per key
    java.util.Map<List<String>, long[]> expected = new java.util.HashMap<>();
    List<DpAggregateTransform.KeyedFlat> inputs = new ArrayList<>();
    List<long[]> before = new ArrayList<>();
    for (int in = 0; in < 3; in++) {
      DpAggregateTransform.KeyedFlat k = new DpAggregateTransform.KeyedFlat(2, w);
      for (String[] key : keys) {
        if (rnd.nextBoolean()) continue;
        long[] state = new long[w];
        for (int i = 0; i < w; i++) state[i] = rnd.nextInt(1000);
        k.add(key.clone(), state, 0, null);
        long[] e = expected.computeIfAbsent(java.util.Arrays.asList(key), x -> new long[w]);
        merger.mergeFlat(e, 0, state, 0);
      }
      inputs.add(k);
      before.add(k.flat.clone());
    }
    DpAggregateTransform.KeyedFlatMergeFn fn = new DpAggregateTransform.KeyedFlatMergeFn(merger, 2);
    DpAggregateTransform.KeyedFlat acc = fn.createAccumulator();
    for (DpAggregateTransform.KeyedFlat k : inputs) acc = fn.addInput(acc, k);
    DpAggregateTransform.KeyedFlat out = CoderUtils.clone(new DpAggregateTransform.KeyedFlatCoder(), fn.extractOutput(acc));
    assertEquals(expected.size(), out.size);
    for (int i = 0; i < out.size; i++) {
      assertArrayEquals(expected.get(out.key(i)), java.util.Arrays.copyOfRange(out.flat, i * w, (i + 1) * w), out.key(i).toString());
    }
    for (int in = 0; in < inputs.size(); in++) assertArrayEquals(before.get(in), inputs.get(in).flat);
    assertEquals(0, CoderUtils.clone(new DpAggregateTransform.KeyedFlatCoder(), fn.extractOutput(fn.createAccumulator())).size);
  }
}
