package dev.veil.pipelines.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.veil.privacy.dp.aggregate.PartitionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The partition-key encoding of {@link SparkDpAggregate}'s reduction must be injective (two partitions must
 * never merge) and invertible, for nulls, empty strings and values containing the separator characters; the
 * compact value encoding of its blocks must give back every double bit for bit.
 */
class SparkDpAggregateKeyTest {
  private static final String ALPHABET = "ab:1-_0\u00e9";

  @Test
  void encodeDecode_roundTripsAndKeepsKeysApart() {
    Random r = new Random(17);
    List<PartitionKey> keys = new ArrayList<>();
    keys.add(PartitionKey.of());
    keys.add(PartitionKey.of((String) null));
    keys.add(PartitionKey.of(""));
    keys.add(PartitionKey.of("", ""));
    keys.add(PartitionKey.of("1:a"));
    keys.add(PartitionKey.of("1", "a"));
    for (int i = 0; i < 2000; i++) {
      String[] values = new String[r.nextInt(4)];
      for (int j = 0; j < values.length; j++) {
        if (r.nextInt(6) == 0) continue; // null
        StringBuilder sb = new StringBuilder();
        for (int n = r.nextInt(5); n > 0; n--) sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        values[j] = sb.toString();
      }
      keys.add(PartitionKey.of(values));
    }
    for (PartitionKey k : keys) {
      assertEquals(k, SparkDpAggregate.decode(SparkDpAggregate.encode(k)));
    }
    for (int i = 0; i < keys.size(); i++) {
      for (int j = i + 1; j < Math.min(keys.size(), i + 50); j++) {
        if (!keys.get(i).equals(keys.get(j))) {
          assertNotEquals(SparkDpAggregate.encode(keys.get(i)), SparkDpAggregate.encode(keys.get(j)));
        }
      }
    }
  }

  @Test
  void valueEncoding_roundTripsEveryDoubleBitForBit() {
    List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 999.0, 0.5, -0.5, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
        -Double.MAX_VALUE, 0x1p52, -0x1p52, 0x1p52 + 1, 0x1p53, -0x1p53, 0x1p63, -0x1p63, 1e300, 63.0, 64.0, -64.0, -65.0,
        Double.longBitsToDouble(0x7ff8000000000123L)));
    Random r = new Random(5);
    for (int i = 0; i < 20000; i++) {
      switch (i % 4) {
        case 0 -> values.add((double) (r.nextLong() >> r.nextInt(64)));
        case 1 -> values.add(r.nextDouble() * 2000 - 1000);
        case 2 -> values.add(Double.longBitsToDouble(r.nextLong()));
        default -> values.add((double) r.nextInt(1000));
      }
    }
    SparkDpAggregate.Pages p = new SparkDpAggregate.Pages();
    for (double v : values) {
      p.room(9);
      p.number(v);
    }
    byte[] b = new byte[p.length()];
    p.copyTo(b, 0);
    int[] pos = {0};
    for (double v : values) {
      assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(SparkDpAggregate.number(b, pos)), "value " + v);
    }
    assertEquals(b.length, pos[0]);
  }
}
