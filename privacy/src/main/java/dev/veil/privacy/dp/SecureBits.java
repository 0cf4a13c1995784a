package dev.veil.privacy.dp;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The source of all randomness used for differential privacy: uniformly random 64-bit words from a
 * {@link SecureRandom}.
 *
 * <p>Production code uses {@link #system()}. A specific generator can be injected with
 * {@link #from(SecureRandom)}; {@link #deterministicForTests(long, DpTesting.ForTestsOnly)} gives a
 * seeded, reproducible source for tests that need determinism and must never be used in production
 * (its output is predictable, so it voids every privacy guarantee). There is deliberately no way to
 * plug in {@code java.util.Random}.
 *
 * <p>Thread-safe: {@link SecureRandom} is thread-safe, and this class has no other state.
 */
public final class SecureBits {
  private final SecureRandom random;

  private SecureBits(SecureRandom random) {
    this.random = random;
  }

  /** A source backed by a new default {@link SecureRandom} (the platform's strong, self-seeded generator). */
  public static SecureBits system() {
    return new SecureBits(new SecureRandom());
  }

  /** A source backed by the given generator (for example a specific provider or a DRBG). */
  public static SecureBits from(SecureRandom random) {
    return new SecureBits(DpPreconditions.checkNotNull(random, "random"));
  }

  /**
   * A reproducible source: a {@code SHA1PRNG} {@link SecureRandom} seeded only with {@code seed}. For tests
   * that need repeatable output; never for production (anyone knowing the seed knows the noise).
   */
  public static SecureBits deterministicForTests(long seed, DpTesting.ForTestsOnly token) {
    DpPreconditions.checkNotNull(token, "token");
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed); // before the first use, this makes SHA1PRNG fully deterministic
      return new SecureBits(r);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is not available on this JVM", e);
    }
  }

  /** 64 uniformly random bits. */
  public long nextLong() {
    return random.nextLong();
  }

  /**
   * An exact Bernoulli(p) draw (true with probability {@code p}): compares random bits with the binary
   * expansion of the double {@code p}, so there is no floating-point bias. {@code p <= 0} (or NaN) gives
   * false, {@code p >= 1} gives true. Thread-safe.
   */
  public boolean nextBernoulli(double p) {
    return SecureSamplers.bernoulli(p, stream());
  }

  /** A uniformly random long in {@code [0, bound)} by rejection sampling (no modulo bias); {@code bound >= 1}. */
  public long nextLong(long bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be >= 1. Provided value: " + bound);
    }
    long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound; // multiple of bound: values below it are uniform mod bound
    while (true) {
      long r = random.nextLong() >>> 1;
      if (r < limit) {
        return r % bound;
      }
    }
  }

  /** A fresh bit stream for one sampling operation (not thread-safe; use it on one thread, then drop it). */
  BitStream stream() {
    return new BitStream(this);
  }

  /** Hands out single random bits, fetching 64 at a time from its {@link SecureBits}. Not thread-safe. */
  static final class BitStream {
    private final SecureBits source;
    private long word;
    private int remaining;

    private BitStream(SecureBits source) {
      this.source = source;
    }

    int nextBit() {
      if (remaining == 0) {
        word = source.nextLong();
        remaining = 64;
      }
      int bit = (int) (word & 1L);
      word >>>= 1;
      remaining--;
      return bit;
    }
  }
}
