package dev.veil.privacy.kanon;

/**
 * An l-diversity requirement on the sensitive attribute of every equivalence class
 * (Machanavajjhala et al. 2007).
 *
 * <ul>
 *   <li>{@code DISTINCT}: at least {@code l} distinct sensitive values in the class;
 *   <li>{@code ENTROPY}: the entropy of the class's sensitive values is at least {@code ln(l)};
 *   <li>{@code RECURSIVE}: with the class's value counts sorted descending {@code r1 >= r2 >= ... >= rm},
 *       {@code r1 < c * (r_l + r_(l+1) + ... + r_m)} ((c,l)-diversity).
 * </ul>
 *
 * Every variant implies at least {@code ceil(l)} distinct values. Privacy: protects against
 * attribute disclosure by homogeneity, not against skewness or similarity attacks (see
 * {@link TCloseness}). Immutable.
 *
 * @param variant which definition
 * @param l the diversity, >= 1 (an integer for DISTINCT and RECURSIVE)
 * @param c the constant of recursive diversity (> 0); ignored by the other variants
 */
public record LDiversity(Variant variant, double l, double c) {
  /** The l-diversity definitions. */
  public enum Variant {
    DISTINCT, ENTROPY, RECURSIVE;

    /**
     * The variant named {@code text} ({@code distinct}, {@code entropy} or {@code recursive}, as
     * written in specs and on the command line).
     *
     * @param parameter the name of the option or spec key that gave the text, for the error message
     * @throws IllegalArgumentException naming {@code parameter}, the allowed values and the value given
     */
    public static Variant parse(String text, String parameter) {
      for (Variant v : values()) {
        if (v.specName().equals(text)) return v;
      }
      throw new IllegalArgumentException(parameter + " must be distinct, entropy or recursive. Provided value: '" + text + "'");
    }

    /** The name of this variant in specs and on the command line: {@code distinct}, {@code entropy}, {@code recursive}. */
    public String specName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public LDiversity {
    if (variant == null) throw new IllegalArgumentException("variant must not be null. Provided value: null");
    if (!(l >= 1) || !Double.isFinite(l)) throw new IllegalArgumentException("l must be >= 1 and finite. Provided value: " + l);
    if (variant != Variant.ENTROPY && l != Math.rint(l)) {
      throw new IllegalArgumentException("l must be an integer for " + variant + " l-diversity. Provided value: " + l);
    }
    if (variant == Variant.RECURSIVE && (!(c > 0) || !Double.isFinite(c))) {
      throw new IllegalArgumentException("c must be > 0 and finite. Provided value: " + c);
    }
  }

  /**
   * The requirement of {@code variant} with diversity {@code l}; {@code c} is kept for
   * {@code RECURSIVE} only (0 otherwise), so equal requirements are equal records.
   */
  public static LDiversity of(Variant variant, double l, double c) {
    return new LDiversity(variant, l, variant == Variant.RECURSIVE ? c : 0);
  }

  public static LDiversity distinct(int l) {
    return new LDiversity(Variant.DISTINCT, l, 0);
  }

  public static LDiversity entropy(double l) {
    return new LDiversity(Variant.ENTROPY, l, 0);
  }

  public static LDiversity recursive(double c, int l) {
    return new LDiversity(Variant.RECURSIVE, l, c);
  }

  /** The number of distinct values every variant implies. */
  int minDistinct() {
    return (int) Math.ceil(l - 1e-9);
  }

  @Override
  public String toString() {
    return switch (variant) {
      case DISTINCT -> "distinct-" + (long) l + "-diversity";
      case ENTROPY -> "entropy-" + l + "-diversity";
      case RECURSIVE -> "recursive-(" + c + "," + (long) l + ")-diversity";
    };
  }
}
