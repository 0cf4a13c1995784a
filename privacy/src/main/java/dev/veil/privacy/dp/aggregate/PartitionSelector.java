package dev.veil.privacy.dp.aggregate;

import dev.veil.privacy.dp.GaussianNoise;
import dev.veil.privacy.dp.NormalMath;
import java.io.Serializable;

/**
 * Private partition selection: decides from a partition's number {@code n} of distinct privacy units
 * (after contribution bounding, so each unit is in at most {@code L0} partitions) whether to release it.
 *
 * <h2>Methods</h2>
 * <ul>
 *   <li>{@link SelectionMethod#TRUNCATED_GEOMETRIC}: the optimal mechanism of Desfontaines, Voss, Gipson
 *       and Mandayam ("Differentially private partition selection", PoPETs 2022). With per-partition
 *       budget {@code e = epsilon / L0}, {@code d = delta / L0} (basic composition over the L0 partitions a
 *       unit touches), release with probability {@code p(n)}, where {@code p(0) = 0} and
 *       {@code p(n) = min(1, e^e p(n-1) + d, 1 - e^-e (1 - p(n-1) - d))}: the largest probabilities allowed
 *       by the (e, d)-DP constraints between {@code n-1} and {@code n} units. The recurrence is tabulated
 *       until it reaches 1 (or 2^22 entries; beyond that the last value is used, which still satisfies the
 *       constraints).
 *   <li>{@link SelectionMethod#GAUSSIAN_THRESHOLDING}: half of delta goes to noise, half to the threshold.
 *       Release iff {@code n + N(0, sigma^2) > tau}, where sigma is the analytic-Gaussian standard deviation
 *       for L2 sensitivity {@code sqrt(L0)} (each unit adds 1 to at most L0 partitions' {@code n}) at
 *       {@code (epsilon, delta/2)}, and {@code tau = 1 + sigma z}, with z such that a partition of a single
 *       unit is released in any of its L0 partitions with probability at most {@code delta/2}:
 *       {@code P(N(0,1) > z) = 1 - (1 - delta/2)^(1/L0)}.
 *   <li>{@link SelectionMethod#AUTO}: the one of the two with the smaller {@code n} for a 50% release
 *       chance (ties: truncated geometric).
 * </ul>
 *
 * <h2>Privacy guarantee</h2>
 * The released set of partition keys is {@code (epsilon, delta)}-DP for the unit. Decisions are drawn with
 * {@code SecureRandom} (exact Bernoulli draws, discrete Gaussian noise). In test mode
 * ({@link Mechanisms#zeroNoiseForTests}) a partition is released iff its release probability is
 * {@code >= 1/2}. Immutable after construction; thread-safe; serializable.
 */
public final class PartitionSelector implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int MAX_TABLE = 1 << 22;

  private final PrivacyBudget budget;
  private final int l0;
  private final SelectionMethod method;
  private final double[] table; // truncated geometric p(n), n = 0..table.length-1
  private final double sigma;
  private final double threshold;
  private transient volatile dev.veil.privacy.dp.Noise gaussian; // own instance: GaussianNoise caches one calibration

  /** A selector for the given selection budget (delta must be > 0) and L0. */
  public PartitionSelector(PrivacyBudget budget, int l0, SelectionMethod requested) {
    if (!(budget.delta() > 0)) {
      throw new IllegalArgumentException("partition selection delta must be > 0. Provided value: " + budget.delta());
    }
    if (l0 < 1) {
      throw new IllegalArgumentException("maxPartitionsContributed must be >= 1. Provided value: " + l0);
    }
    this.budget = budget;
    this.l0 = l0;
    this.table = truncatedGeometricTable(budget.epsilon() / l0, budget.delta() / l0);
    this.sigma = GaussianNoise.create().standardDeviation(l0, 1.0, budget.epsilon(), budget.delta() / 2);
    double q = -Math.expm1(Math.log1p(-budget.delta() / 2) / l0);
    this.threshold = 1 + sigma * NormalMath.upperQuantile(Math.min(0.5, q));
    if (requested == SelectionMethod.AUTO) {
      this.method = unitsForHalf(table) <= Math.ceil(threshold) ? SelectionMethod.TRUNCATED_GEOMETRIC
          : SelectionMethod.GAUSSIAN_THRESHOLDING;
    } else {
      this.method = requested;
    }
  }

  static double[] truncatedGeometricTable(double e, double d) {
    double[] p = new double[1024];
    int n = 1;
    p[0] = 0;
    double expE = Math.exp(e);
    double expMinusE = Math.exp(-e);
    while (true) {
      double prev = p[n - 1];
      double next = Math.min(1.0, Math.min(expE * prev + d, 1 - expMinusE * (1 - prev - d)));
      if (n == p.length) {
        if (n >= MAX_TABLE) {
          return p;
        }
        p = java.util.Arrays.copyOf(p, n * 2);
      }
      p[n++] = next;
      if (next >= 1.0) {
        return java.util.Arrays.copyOf(p, n);
      }
    }
  }

  private static long unitsForHalf(double[] table) {
    for (int n = 0; n < table.length; n++) {
      if (table[n] >= 0.5) {
        return n;
      }
    }
    return Long.MAX_VALUE;
  }

  /** The method in use ({@link SelectionMethod#AUTO} resolved). */
  public SelectionMethod method() {
    return method;
  }

  /** The Gaussian threshold {@code tau} (computed for either method). */
  public double gaussianThreshold() {
    return threshold;
  }

  /** The probability that a partition with {@code n} distinct units is released. */
  public double keepProbability(long n) {
    if (n <= 0) {
      return 0;
    }
    if (method == SelectionMethod.TRUNCATED_GEOMETRIC) {
      return table[(int) Math.min(n, table.length - 1)];
    }
    return NormalMath.phi((n - threshold) / sigma);
  }

  /** Draws the decision for a partition with {@code n} distinct units. */
  public boolean keep(long n, Mechanisms mechanisms) {
    if (n <= 0) {
      return false;
    }
    if (method == SelectionMethod.TRUNCATED_GEOMETRIC) {
      return mechanisms.bernoulli(keepProbability(n));
    }
    dev.veil.privacy.dp.Noise noise = gaussian;
    if (noise == null) {
      noise = mechanisms.newNoise(NoiseKind.GAUSSIAN);
      gaussian = noise;
    }
    double noised = noise.addNoise((double) n, l0, 1.0, budget.epsilon(),
        budget.delta() / 2);
    return noised > threshold;
  }
}
