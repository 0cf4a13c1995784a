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
 * never merge) and invertible, for nulls, empty strings and values containing the separator characters.
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
}
