package dev.veil.privacy.dp.aggregate;

import dev.veil.privacy.dp.DpPreconditions;
import dev.veil.privacy.dp.DpTesting;
import dev.veil.privacy.dp.GaussianNoise;
import dev.veil.privacy.dp.LaplaceNoise;
import dev.veil.privacy.dp.Noise;
import dev.veil.privacy.dp.SecureBits;
import java.io.Serializable;

/**
 * The randomness of a DP aggregation: noise, the Bernoulli draws of partition selection, and the
 * uniform sampling of contribution bounding. Serializable so engine adapters can ship it to workers; the
 * noise objects and the {@code SecureRandom} are created lazily on each worker and never serialized.
 *
 * <ul>
 *   <li>{@link #secure()}: production. Everything is drawn from {@code SecureRandom}.
 *   <li>{@link #zeroNoiseForTests}: <b>no privacy; never for production.</b> Noise is zero
 *       ({@link DpTesting#zeroNoise}), partition selection keeps a partition iff its keep probability is
 *       at least 1/2, and contribution bounding keeps the first partitions in key order and the records
 *       with the smallest values instead of a random sample. Outputs are then a deterministic function
 *       of the input multiset, independent of record order, so engine adapters can be compared exactly.
 * </ul>
 * Thread-safe.
 */
public final class Mechanisms implements Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean zeroNoise;
  private transient volatile State state;

  private record State(SecureBits bits, Noise laplace, Noise gaussian) {}

  private Mechanisms(boolean zeroNoise) {
    this.zeroNoise = zeroNoise;
  }

  /** Production randomness from {@code SecureRandom}. */
  public static Mechanisms secure() {
    return new Mechanisms(false);
  }

  /** Zero noise and deterministic decisions, for tests only (see the class comment). */
  public static Mechanisms zeroNoiseForTests(DpTesting.ForTestsOnly token) {
    DpPreconditions.checkNotNull(token, "token");
    return new Mechanisms(true);
  }

  /** Whether this is the deterministic test mode. */
  public boolean isZeroNoiseForTests() {
    return zeroNoise;
  }

  private State state() {
    State s = state;
    if (s == null) {
      synchronized (this) {
        s = state;
        if (s == null) {
          SecureBits bits = SecureBits.system();
          if (zeroNoise) {
            Noise zero = DpTesting.zeroNoise(DpTesting.FOR_TESTS_ONLY);
            s = new State(bits, zero, zero);
          } else {
            s = new State(bits, LaplaceNoise.withSource(bits), GaussianNoise.withSource(bits));
          }
          state = s;
        }
      }
    }
    return s;
  }

  /** The noise of the given kind. */
  Noise noise(NoiseKind kind) {
    return kind == NoiseKind.LAPLACE ? state().laplace() : state().gaussian();
  }

  /**
   * A new noise instance of the given kind on the shared random source. Each noised component keeps its own
   * instance, because {@code GaussianNoise} caches only its last calibration.
   */
  Noise newNoise(NoiseKind kind) {
    State s = state();
    if (zeroNoise) {
      return s.laplace();
    }
    return kind == NoiseKind.LAPLACE ? LaplaceNoise.withSource(s.bits()) : GaussianNoise.withSource(s.bits());
  }

  /** True with probability {@code p} (test mode: iff {@code p >= 1/2}). */
  boolean bernoulli(double p) {
    return zeroNoise ? p >= 0.5 : state().bits().nextBernoulli(p);
  }

  /** A uniform long in {@code [0, bound)} (not used in test mode, which bounds deterministically). */
  long uniform(long bound) {
    return state().bits().nextLong(bound);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mechanisms m && m.zeroNoise == zeroNoise;
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(zeroNoise);
  }

  @Override
  public String toString() {
    return zeroNoise ? "Mechanisms.zeroNoiseForTests" : "Mechanisms.secure";
  }
}
