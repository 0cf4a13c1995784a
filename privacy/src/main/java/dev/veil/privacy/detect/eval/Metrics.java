package dev.veil.privacy.detect.eval;

/**
 * Span-level scores of one entity type or of all types together (micro average: counts summed
 * before dividing). {@code support} is the number of gold spans. A ratio whose denominator is 0
 * (precision without predictions, recall without gold spans) is reported as 0. Immutable.
 */
public record Metrics(long truePositives, long falsePositives, long falseNegatives) {
  public Metrics {
    if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0) {
      throw new IllegalArgumentException("counts must be >= 0. Provided value: tp=" + truePositives + ", fp="
          + falsePositives + ", fn=" + falseNegatives);
    }
  }

  public long support() {
    return truePositives + falseNegatives;
  }

  public long predicted() {
    return truePositives + falsePositives;
  }

  public double precision() {
    return ratio(truePositives, truePositives + falsePositives);
  }

  public double recall() {
    return ratio(truePositives, truePositives + falseNegatives);
  }

  public double f1() {
    return fBeta(1);
  }

  public double f2() {
    return fBeta(2);
  }

  /** (1 + b^2) P R / (b^2 P + R); 0 when P and R are both 0. */
  public double fBeta(double beta) {
    double p = precision();
    double r = recall();
    double b2 = beta * beta;
    double d = b2 * p + r;
    return d == 0 ? 0 : (1 + b2) * p * r / d;
  }

  /** Counts summed. */
  public Metrics plus(Metrics o) {
    return new Metrics(truePositives + o.truePositives, falsePositives + o.falsePositives, falseNegatives + o.falseNegatives);
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }
}
