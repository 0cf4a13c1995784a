package dev.veil.privacy.dp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * The source of all randomness used for differential privacy: uniformly random bits from a
 * {@link SecureRandom}.
 *
 * <p>Production code uses {@link #system()}: every thread draws from its own {@code DRBG}
 * {@link SecureRandom} (NIST SP 800-90A Hash_DRBG with SHA-256 in the JDK's default configuration,
 * self-seeded from the platform's entropy source on first use), shared by all {@code system()} sources
 * of that thread. A specific generator can be injected with {@link #from(SecureRandom)} (every thread
 * then reads from that one thread-safe generator); {@link #deterministicForTests(long,
 * DpTesting.ForTestsOnly)} gives a seeded, reproducible source for tests that need determinism and must
 * never be used in production (its output is predictable, so it voids every privacy guarantee). There is
 * deliberately no way to plug in {@code java.util.Random}.
 *
 * <p>Speed: bytes are fetched in bulk ({@value #BUFFER_BYTES} per {@link SecureRandom#nextBytes} call) into a
 * per-thread buffer and handed out as 64-bit words and single bits, so a draw costs no call into the
 * generator, no lock and no allocation. Buffered bytes are used once and never leave the thread's buffer
 * except as noise. Every bit is an independent uniform bit of the generator's output, so the samplers'
 * distributions do not depend on the buffering. With {@link #deterministicForTests} the sequence is
 * reproducible for single-threaded use.
 *
 * <p>Thread-safe: the per-thread state is confined to its thread, and {@link SecureRandom} is
 * thread-safe.
 */
public final class SecureBits {
  static final int BUFFER_BYTES = 4096;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** One buffered DRBG per thread, shared by every {@link #system()} source. */
  private static final ThreadLocal<BitStream> SYSTEM = ThreadLocal.withInitial(() -> new BitStream(newDrbg()));
  private static final SecureBits SYSTEM_BITS = new SecureBits(SYSTEM);

  private final ThreadLocal<BitStream> streams;

  private SecureBits(ThreadLocal<BitStream> streams) {
    this.streams = streams;
  }

  private static SecureRandom newDrbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom(); // every Java 9+ JDK has DRBG; keep a strong generator regardless
    }
  }

  /** The system source: a per-thread self-seeded {@code DRBG} {@link SecureRandom} (see the class comment). */
  public static SecureBits system() {
    return SYSTEM_BITS;
  }

  /** A source backed by the given generator (for example a specific provider or a DRBG), shared by all threads. */
  public static SecureBits from(SecureRandom random) {
    SecureRandom r = DpPreconditions.checkNotNull(random, "random");
    Supplier<BitStream> s = () -> new BitStream(r);
    return new SecureBits(ThreadLocal.withInitial(s));
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
      return from(r);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is not available on this JVM", e);
    }
  }

  /** 64 uniformly random bits. */
  public long nextLong() {
    return stream().nextLong();
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
    BitStream s = stream();
    long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound; // multiple of bound: values below it are uniform mod bound
    while (true) {
      long r = s.nextLong() >>> 1;
      if (r < limit) {
        return r % bound;
      }
    }
  }

  /**
   * The calling thread's bit stream (no allocation). Use it on the calling thread only, and do not keep
   * it beyond the current sampling operation.
   */
  BitStream stream() {
    return streams.get();
  }

  /** Hands out random words and bits from a buffer refilled in bulk from a {@link SecureRandom}. Not thread-safe. */
  static final class BitStream {
    private final SecureRandom random;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position = BUFFER_BYTES;
    private long word;
    private int remaining;

    private BitStream(SecureRandom random) {
      this.random = random;
    }

    /** 64 fresh uniform bits. */
    long nextLong() {
      if (position == BUFFER_BYTES) {
        random.nextBytes(buffer);
        position = 0;
      }
      long v = (long) LONGS.get(buffer, position);
      position += Long.BYTES;
      return v;
    }

    /** One uniform bit. */
    int nextBit() {
      if (remaining == 0) {
        word = nextLong();
        remaining = 64;
      }
      int bit = (int) (word & 1L);
      word >>>= 1;
      remaining--;
      return bit;
    }

    /** {@code k} uniform bits as a long in {@code [0, 2^k)}, {@code 0 <= k <= 63}. */
    long nextBits(int k) {
      if (k == 0) {
        return 0;
      }
      if (remaining < k) {
        word = nextLong(); // the unused bits are dropped: the next ones are independent and uniform too
        remaining = 64;
      }
      long v = word & ((1L << k) - 1);
      word = k == 64 ? 0 : word >>> k;
      remaining -= k;
      return v;
    }
  }
}
