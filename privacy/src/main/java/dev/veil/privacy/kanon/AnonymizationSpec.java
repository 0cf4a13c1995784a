package dev.veil.privacy.kanon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link LatticeAnonymizer} and {@link Mondrian} must achieve: the quasi-identifiers, their
 * hierarchies, k, optionally l-diversity and t-closeness of a sensitive attribute, and the maximum
 * share of records that may be suppressed (removed from the output).
 *
 * <p>Privacy guarantee of an output produced under this spec: every equivalence class (records with
 * equal quasi-identifier values in the output) has at least {@code k} records and, if set,
 * satisfies the l-diversity and t-closeness requirements; suppressed records are not in the
 * output. The guarantee holds only for the quasi-identifiers named here: the caller is
 * responsible for declaring every attribute an attacker could link on, and for removing direct
 * identifiers first. t-closeness is measured against the distribution of the input table.
 *
 * <p>Immutable and thread-safe; built with {@link #builder()}, which validates every argument in
 * {@link Builder#build()}.
 */
public final class AnonymizationSpec {
  private final List<String> quasiIdentifiers;
  private final Map<String, GeneralizationHierarchy> hierarchies;
  private final int k;
  private final Optional<String> sensitive;
  private final Optional<LDiversity> lDiversity;
  private final Optional<TCloseness> tCloseness;
  private final double maxSuppression;

  private AnonymizationSpec(Builder b) {
    this.quasiIdentifiers = List.copyOf(b.quasiIdentifiers);
    this.hierarchies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.hierarchies));
    this.k = b.k;
    this.sensitive = Optional.ofNullable(b.sensitive);
    this.lDiversity = Optional.ofNullable(b.lDiversity);
    this.tCloseness = Optional.ofNullable(b.tCloseness);
    this.maxSuppression = b.maxSuppression;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<String> quasiIdentifiers() {
    return quasiIdentifiers;
  }

  /** The hierarchies by column name (every quasi-identifier for the lattice search; optional for Mondrian). */
  public Map<String, GeneralizationHierarchy> hierarchies() {
    return hierarchies;
  }

  public int k() {
    return k;
  }

  public Optional<String> sensitive() {
    return sensitive;
  }

  public Optional<LDiversity> lDiversity() {
    return lDiversity;
  }

  public Optional<TCloseness> tCloseness() {
    return tCloseness;
  }

  /** The maximum share of records that may be suppressed, in [0, 1]. */
  public double maxSuppression() {
    return maxSuppression;
  }

  /** The privacy models as text, for reports, e.g. {@code 5-anonymity, distinct-3-diversity}. */
  public String describeModels() {
    StringBuilder s = new StringBuilder(k + "-anonymity");
    lDiversity.ifPresent(l -> s.append(", ").append(l));
    tCloseness.ifPresent(t -> s.append(", ").append(t));
    sensitive.ifPresent(x -> s.append(" of '").append(x).append('\''));
    return s.toString();
  }

  /** A mutable builder; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private List<String> quasiIdentifiers = new ArrayList<>();
    private final Map<String, GeneralizationHierarchy> hierarchies = new LinkedHashMap<>();
    private int k = 2;
    private String sensitive;
    private LDiversity lDiversity;
    private TCloseness tCloseness;
    private double maxSuppression = 0;

    private Builder() {}

    public Builder quasiIdentifiers(List<String> names) {
      this.quasiIdentifiers = new ArrayList<>(names);
      return this;
    }

    public Builder hierarchy(String column, GeneralizationHierarchy h) {
      hierarchies.put(column, h);
      return this;
    }

    public Builder k(int k) {
      this.k = k;
      return this;
    }

    public Builder sensitive(String column) {
      this.sensitive = column;
      return this;
    }

    public Builder lDiversity(LDiversity l) {
      this.lDiversity = l;
      return this;
    }

    public Builder tCloseness(TCloseness t) {
      this.tCloseness = t;
      return this;
    }

    public Builder maxSuppression(double rate) {
      this.maxSuppression = rate;
      return this;
    }

    public AnonymizationSpec build() {
      if (quasiIdentifiers.isEmpty()) {
        throw new IllegalArgumentException("quasiIdentifiers must not be empty. Provided value: []");
      }
      if (new LinkedHashSet<>(quasiIdentifiers).size() != quasiIdentifiers.size()) {
        throw new IllegalArgumentException("quasiIdentifiers must be unique. Provided value: " + quasiIdentifiers);
      }
      for (String q : quasiIdentifiers) {
        if (q == null || q.isBlank()) throw new IllegalArgumentException("quasiIdentifiers must be non-empty names. Provided value: " + quasiIdentifiers);
      }
      for (String h : hierarchies.keySet()) {
        if (!quasiIdentifiers.contains(h)) {
          throw new IllegalArgumentException("hierarchies must belong to quasi-identifiers. Provided value: '" + h + "'");
        }
      }
      if (k < 1) throw new IllegalArgumentException("k must be >= 1. Provided value: " + k);
      if (!(maxSuppression >= 0 && maxSuppression <= 1)) {
        throw new IllegalArgumentException("maxSuppression must be >= 0 and <= 1. Provided value: " + maxSuppression);
      }
      if ((lDiversity != null || tCloseness != null) && (sensitive == null || sensitive.isBlank())) {
        throw new IllegalArgumentException("sensitive must name a column when l-diversity or t-closeness is set. Provided value: " + sensitive);
      }
      if (sensitive != null && quasiIdentifiers.contains(sensitive)) {
        throw new IllegalArgumentException("sensitive must not be a quasi-identifier. Provided value: '" + sensitive + "'");
      }
      return new AnonymizationSpec(this);
    }
  }
}
