package dev.veil.pipelines.beam;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The compact byte form in which the Beam {@code dp-aggregate} stage ships records to their privacy-unit
 * bucket: many records in one {@code byte[]}, so the shuffle moves a few thousand blocks instead of one
 * element (with its coder, window and timestamp) per record. A record is its privacy unit, its partition key
 * (one nullable string per group-by column) and its metric values:
 *
 * <pre>
 *   unit:    varint byte length, UTF-8 bytes
 *   key[i]:  varint (byte length + 1), 0 for null, then UTF-8 bytes      (for each group-by column)
 *   values:  8 bytes per value column, big-endian IEEE-754 bits          (the count is fixed per stage)
 * </pre>
 *
 * Blocks carry no header: the number of key and value columns is the stage's. {@link Writer} appends records;
 * {@link Reader} walks them. Not thread-safe (one writer per bucket and bundle, one reader per block).
 */
final class UnitBlock {
  private UnitBlock() {}

  /** Appends records to a growing block. */
  static final class Writer {
    private byte[] buf;
    private int size;
    private int records;

    Writer(int initialCapacity) {
      buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Appends one record; {@code key} has one (nullable) value per group-by column. */
    void add(String unit, java.util.List<String> key, double[] values) {
      putString(unit, false);
      for (String k : key) {
        putString(k, true);
      }
      ensure(8 * values.length);
      for (double v : values) {
        long bits = Double.doubleToRawLongBits(v);
        for (int s = 56; s >= 0; s -= 8) {
          buf[size++] = (byte) (bits >>> s);
        }
      }
      records++;
    }

    /** Appends one nullable string alone (for blocks of strings, such as partition keys; read with {@link Reader#nullableString}). */
    void addNullable(String s) {
      putString(s, true);
    }

    private void putString(String s, boolean nullable) {
      if (s == null) {
        ensure(1);
        buf[size++] = 0;
        return;
      }
      int n = s.length();
      boolean ascii = true;
      for (int i = 0; i < n && ascii; i++) {
        ascii = s.charAt(i) < 0x80;
      }
      if (ascii) {
        putVarint(nullable ? n + 1 : n);
        ensure(n);
        for (int i = 0; i < n; i++) {
          buf[size++] = (byte) s.charAt(i);
        }
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      putVarint(nullable ? b.length + 1 : b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    private void putVarint(int v) {
      ensure(5);
      while ((v & ~0x7F) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    /** The bytes written so far. */
    int size() {
      return size;
    }

    /** The records written so far. */
    int records() {
      return records;
    }

    /** A copy of the block; the writer starts empty again (keeping its buffer). */
    byte[] drain() {
      byte[] out = Arrays.copyOf(buf, size);
      size = 0;
      records = 0;
      return out;
    }
  }

  /**
   * Walks the records of one block: {@link #next()} moves to the next record, then {@link #unit()},
   * {@link #key(int)} and {@link #value(int)} read its fields (each key value and the unit once).
   */
  static final class Reader {
    private final byte[] b;
    private final int keys;
    private final int values;
    private int pos;
    private String unit;
    private final String[] key;
    private final double[] vals;

    Reader(byte[] block, int keyColumns, int valueColumns) {
      this.b = block;
      this.keys = keyColumns;
      this.values = valueColumns;
      this.key = new String[keyColumns];
      this.vals = new double[valueColumns];
    }

    /** Reads the next record; false at the end of the block. */
    boolean next() {
      if (pos >= b.length) {
        return false;
      }
      unit = string(varint(), false);
      for (int i = 0; i < keys; i++) {
        key[i] = string(varint(), true);
      }
      for (int i = 0; i < values; i++) {
        long bits = 0;
        for (int j = 0; j < 8; j++) {
          bits = (bits << 8) | (b[pos++] & 0xFF);
        }
        vals[i] = Double.longBitsToDouble(bits);
      }
      return true;
    }

    String unit() {
      return unit;
    }

    /** Reads one string written with {@link Writer#addNullable} (instead of {@link #next()}). */
    String nullableString() {
      return string(varint(), true);
    }

    String key(int column) {
      return key[column];
    }

    double value(int column) {
      return vals[column];
    }

    private int varint() {
      int v = 0;
      for (int shift = 0; ; shift += 7) {
        byte x = b[pos++];
        v |= (x & 0x7F) << shift;
        if (x >= 0) {
          return v;
        }
      }
    }

    private String string(int n, boolean nullable) {
      if (nullable) {
        if (n == 0) {
          return null;
        }
        n--;
      }
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }
  }
}
