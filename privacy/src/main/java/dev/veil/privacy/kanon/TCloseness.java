package dev.veil.privacy.kanon;

/**
 * A t-closeness requirement (Li, Li, Venkatasubramanian 2007): in every equivalence class the
 * distribution of the sensitive attribute is within earth mover's distance {@code t} of its
 * distribution over the whole (input) table.
 *
 * <ul>
 *   <li>{@code EQUAL}: every two distinct values are at distance 1 (categorical data); the EMD is
 *       half the L1 distance of the two distributions;
 *   <li>{@code ORDERED}: the m distinct values are ordered (numerically when every value is a
 *       number, otherwise by their text) and two values at ranks i and j are at distance
 *       |i-j|/(m-1); the EMD is {@code sum_i |sum_{j<=i} (p_j - q_j)| / (m-1)}.
 * </ul>
 *
 * Privacy: limits what an attacker learns about the sensitive value from the class beyond the
 * global distribution. Immutable.
 *
 * @param t the maximum distance, in [0, 1]
 * @param distance the ground distance
 */
public record TCloseness(double t, Distance distance) {
  /** The ground distance between sensitive values. */
  public enum Distance {
    EQUAL, ORDERED;

    /**
     * The distance named {@code text} ({@code equal} or {@code ordered}, as written in specs and on
     * the command line).
     *
     * @param parameter the name of the option or spec key that gave the text, for the error message
     * @throws IllegalArgumentException naming {@code parameter}, the allowed values and the value given
     */
    public static Distance parse(String text, String parameter) {
      for (Distance d : values()) {
        if (d.specName().equals(text)) return d;
      }
      throw new IllegalArgumentException(parameter + " must be equal or ordered. Provided value: '" + text + "'");
    }

    /** The name of this distance in specs and on the command line: {@code equal}, {@code ordered}. */
    public String specName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public TCloseness {
    if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("t must be >= 0 and <= 1. Provided value: " + t);
    if (distance == null) throw new IllegalArgumentException("distance must not be null. Provided value: null");
  }

  @Override
  public String toString() {
    return t + "-closeness (" + distance.specName() + " distance)";
  }
}
