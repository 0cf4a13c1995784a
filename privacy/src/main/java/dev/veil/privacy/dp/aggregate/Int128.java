package dev.veil.privacy.dp.aggregate;

import java.io.Serializable;
import java.math.BigInteger;

/**
 * A mutable signed 128-bit integer sum of longs: exact, so fixed-point sums never wrap around and merge
 * associatively and commutatively in any order. Not thread-safe.
 */
final class Int128 implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private long hi;
  private long lo; // unsigned low word

  void add(long v) {
    long sum = lo + v;
    long carry = Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
    // adding the sign-extended v: high word of v is -1 when v < 0
    hi += (v < 0 ? -1 : 0) + carry;
    lo = sum;
  }

  void add(Int128 o) {
    long sum = lo + o.lo;
    long carry = Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
    hi += o.hi + carry;
    lo = sum;
  }

  /** Sets the value to {@code hi * 2^64 + lo} ({@code lo} read as unsigned). */
  void set(long hi, long lo) {
    this.hi = hi;
    this.lo = lo;
  }

  BigInteger toBigInteger() {
    return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
  }

  /** The value, saturated to the long range (a 1-Lipschitz map, so sensitivities are preserved). */
  long saturatedLong() {
    if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
      return lo;
    }
    BigInteger v = toBigInteger();
    return v.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : v.compareTo(LONG_MIN) < 0 ? Long.MIN_VALUE : v.longValue();
  }

  Int128 copy() {
    Int128 c = new Int128();
    c.hi = hi;
    c.lo = lo;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Int128 i && i.hi == hi && i.lo == lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi) * 31 + Long.hashCode(lo);
  }

  @Override
  public String toString() {
    return toBigInteger().toString();
  }
}
