package dev.veil.pipelines.beam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

/** The compact coder of the records the DP stage shuffles by privacy unit. */
class UnitRecordCoderTest {
  static final DpAggregateTransform.UnitRecordCoder CODER = new DpAggregateTransform.UnitRecordCoder();

  static void assertSame(DpAggregateTransform.UnitRecord expected, DpAggregateTransform.UnitRecord actual) {
    assertArrayEquals(expected.key, actual.key);
    assertEquals(expected.values.length, actual.values.length);
    for (int i = 0; i < expected.values.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected.values[i]), Double.doubleToRawLongBits(actual.values[i]), "value " + i);
    }
  }

  @Test
  void roundTrips_nullKeyValues_nonAsciiText_andEveryDoubleBitForBit() throws Exception {
    List<DpAggregateTransform.UnitRecord> records = List.of(
        new DpAggregateTransform.UnitRecord(new String[] {"DE", null, "Zürich \uD83D\uDE00", ""},
            new double[] {1.5, Double.NaN, -0.0, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.longBitsToDouble(0x7ff8dead00000001L)}),
        new DpAggregateTransform.UnitRecord(new String[0], new double[0]),
        new DpAggregateTransform.UnitRecord(new String[] {"x".repeat(70_000)}, new double[] {42}));
    for (DpAggregateTransform.UnitRecord r : records) {
      assertSame(r, CoderUtils.decodeFromByteArray(CODER, CoderUtils.encodeToByteArray(CODER, r)));
    }
    // nested: records written one after another in one stream read back in order (the shuffle's framing)
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (DpAggregateTransform.UnitRecord r : records) CODER.encode(r, out);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    for (DpAggregateTransform.UnitRecord r : records) assertSame(r, CODER.decode(in));
    assertEquals(0, in.available());
  }

  @Test
  void isSerializableAndMuchSmallerThanJavaSerialization() throws Exception {
    DpAggregateTransform.UnitRecord r = new DpAggregateTransform.UnitRecord(new String[] {"DE"}, new double[] {1, 2});
    assertSame(r, CoderUtils.decodeFromByteArray(SerializableUtils.clone(CODER), CoderUtils.encodeToByteArray(CODER, r)));
    int compact = CoderUtils.encodeToByteArray(CODER, r).length;
    int java = CoderUtils.encodeToByteArray(org.apache.beam.sdk.coders.SerializableCoder.of(DpAggregateTransform.UnitRecord.class), r).length;
    assertEquals(1 + 1 + 1 + 2 + 1 + 16, compact, "count, null flag, length, 'DE', count, two doubles");
    assertTrue(compact * 5 < java, compact + " bytes against " + java);
  }
}
