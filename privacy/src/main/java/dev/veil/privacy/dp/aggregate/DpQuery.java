package dev.veil.privacy.dp.aggregate;

import dev.veil.privacy.dp.DpPreconditions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated, immutable, serializable specification of one differentially private aggregation: per
 * partition (the values of the {@link #groupBy()} columns), release the {@link #metrics()} computed
 * over the records, with each {@link #privacyUnit()} limited to {@link #maxPartitionsContributed()}
 * partitions ({@code L0}) and {@link #maxContributionsPerPartition()} records per partition
 * ({@code Linf}), values clamped to their declared {@link #bounds()}, and noise of
 * {@link #noiseKind()} calibrated to the {@link #budget()}.
 *
 * <h2>Privacy guarantee</h2>
 * Running the query with {@link DpAggregator} (or an engine adapter that uses its steps) is
 * {@code (budget.epsilon, budget.delta)}-differentially private with respect to adding or removing all
 * records of one privacy unit (the value of the privacy-unit column): the total is split over the
 * metrics and private partition selection as given by {@link #allocation()} and
 * {@link #selectionBudget()}, and these compose by basic composition.
 *
 * <h2>The caller's responsibilities</h2>
 * <ul>
 *   <li>The privacy-unit column really identifies the person (or other unit) to protect; if one person
 *       appears under several ids, the guarantee holds per id, not per person.
 *   <li>Bounds and public partition keys are chosen without looking at the private data.
 *   <li>Budget accounting across queries on the same data (the ledger) and releasing nothing but the
 *       noised outputs (the run statistics are not private).
 * </ul>
 *
 * <p>Built with {@link #builder()}; {@link Builder#build()} rejects every bad parameter and every budget
 * split that does not add up, so no invalid query exists. Thread-safe.
 */
public final class DpQuery implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Largest accepted L0 and Linf: keeps every sensitivity in fixed-point units below 2^52. */
  public static final int MAX_BOUND = 1_000_000;
  /** Relative tolerance when checking that absolute budget shares add up to the total. */
  static final double SPLIT_TOLERANCE = 1e-9;

  private final String privacyUnit;
  private final List<String> groupBy;
  private final List<Metric> metrics;
  private final Map<String, Bounds> bounds;
  private final PrivacyBudget budget;
  private final int maxPartitionsContributed;
  private final int maxContributionsPerPartition;
  private final PartitionSelection selection;
  private final NoiseKind noiseKind;
  private final int treeHeight;
  private final int branchingFactor;
  private final List<String> valueColumns;
  private final Map<String, PrivacyBudget> allocation;
  private final PrivacyBudget selectionBudget; // null for public partitions

  private DpQuery(Builder b, List<String> valueColumns, Map<String, PrivacyBudget> allocation,
      PrivacyBudget selectionBudget) {
    this.privacyUnit = b.privacyUnit;
    this.groupBy = List.copyOf(b.groupBy);
    this.metrics = List.copyOf(b.metrics);
    this.bounds = Collections.unmodifiableMap(new LinkedHashMap<>(b.bounds));
    this.budget = b.budget;
    this.maxPartitionsContributed = b.maxPartitionsContributed;
    this.maxContributionsPerPartition = b.maxContributionsPerPartition;
    this.selection = b.selection;
    this.noiseKind = b.noiseKind;
    this.treeHeight = b.treeHeight;
    this.branchingFactor = b.branchingFactor;
    this.valueColumns = List.copyOf(valueColumns);
    this.allocation = Collections.unmodifiableMap(new LinkedHashMap<>(allocation));
    this.selectionBudget = selectionBudget;
  }

  /** A new builder (defaults: Laplace noise, private selection with weight 1, L0 = Linf = 1, tree 16^4). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this query's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.privacyUnit = privacyUnit;
    b.groupBy = new ArrayList<>(groupBy);
    b.metrics = new ArrayList<>(metrics);
    b.bounds = new LinkedHashMap<>(bounds);
    b.budget = budget;
    b.maxPartitionsContributed = maxPartitionsContributed;
    b.maxContributionsPerPartition = maxContributionsPerPartition;
    b.selection = selection;
    b.noiseKind = noiseKind;
    b.treeHeight = treeHeight;
    b.branchingFactor = branchingFactor;
    return b;
  }

  /** The column that identifies the privacy unit. */
  public String privacyUnit() {
    return privacyUnit;
  }

  /** The group-by columns (may be empty: one global partition). */
  public List<String> groupBy() {
    return groupBy;
  }

  public List<Metric> metrics() {
    return metrics;
  }

  /** Declared bounds per value column. */
  public Map<String, Bounds> bounds() {
    return bounds;
  }

  /** The total budget of the query. */
  public PrivacyBudget budget() {
    return budget;
  }

  /** L0: the most partitions one privacy unit contributes to. */
  public int maxPartitionsContributed() {
    return maxPartitionsContributed;
  }

  /** Linf: the most records one privacy unit contributes to one partition. */
  public int maxContributionsPerPartition() {
    return maxContributionsPerPartition;
  }

  public PartitionSelection selection() {
    return selection;
  }

  public NoiseKind noiseKind() {
    return noiseKind;
  }

  /** Height of the quantile tree (levels below the root). */
  public int treeHeight() {
    return treeHeight;
  }

  /** Branching factor of the quantile tree. */
  public int branchingFactor() {
    return branchingFactor;
  }

  /**
   * The distinct value columns read by the metrics, in first-use order: {@link DpRecord#values()} is
   * aligned with this list.
   */
  public List<String> valueColumns() {
    return valueColumns;
  }

  /** The budget of each metric, by {@link Metric#name()}, in metric order. */
  public Map<String, PrivacyBudget> allocation() {
    return allocation;
  }

  /** The budget of private partition selection; empty for public partitions. */
  public Optional<PrivacyBudget> selectionBudget() {
    return Optional.ofNullable(selectionBudget);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DpQuery q && q.privacyUnit.equals(privacyUnit) && q.groupBy.equals(groupBy)
        && q.metrics.equals(metrics) && q.bounds.equals(bounds) && q.budget.equals(budget)
        && q.maxPartitionsContributed == maxPartitionsContributed
        && q.maxContributionsPerPartition == maxContributionsPerPartition && q.selection.equals(selection)
        && q.noiseKind == noiseKind && q.treeHeight == treeHeight && q.branchingFactor == branchingFactor;
  }

  @Override
  public int hashCode() {
    return Objects.hash(privacyUnit, groupBy, metrics, bounds, budget, maxPartitionsContributed,
        maxContributionsPerPartition, selection, noiseKind, treeHeight, branchingFactor);
  }

  @Override
  public String toString() {
    return "DpQuery{privacyUnit=" + privacyUnit + ", groupBy=" + groupBy + ", metrics=" + metrics + ", bounds="
        + bounds + ", budget=" + budget + ", L0=" + maxPartitionsContributed + ", Linf="
        + maxContributionsPerPartition + ", selection=" + selection + ", noise=" + noiseKind + ", tree="
        + branchingFactor + "^" + treeHeight + ", allocation=" + allocation + ", selectionBudget="
        + selectionBudget + "}";
  }

  /** Collects the settings of a query; {@link #build()} validates them all. Not thread-safe. */
  public static final class Builder {
    private String privacyUnit;
    private List<String> groupBy = new ArrayList<>();
    private List<Metric> metrics = new ArrayList<>();
    private Map<String, Bounds> bounds = new LinkedHashMap<>();
    private PrivacyBudget budget;
    private int maxPartitionsContributed = 1;
    private int maxContributionsPerPartition = 1;
    private PartitionSelection selection = PartitionSelection.privateSelection();
    private NoiseKind noiseKind = NoiseKind.LAPLACE;
    private int treeHeight = 4;
    private int branchingFactor = 16;

    private Builder() {}

    public Builder privacyUnit(String column) {
      this.privacyUnit = column;
      return this;
    }

    /** Replaces the group-by columns. */
    public Builder groupBy(String... columns) {
      this.groupBy = new ArrayList<>(List.of(columns));
      return this;
    }

    /** Adds a metric. */
    public Builder metric(Metric metric) {
      metrics.add(Objects.requireNonNull(metric, "metric"));
      return this;
    }

    /** Declares (or replaces) the bounds of a value column. */
    public Builder bounds(String column, double lower, double upper) {
      bounds.put(column, Bounds.of(lower, upper));
      return this;
    }

    /** The total budget of the query. */
    public Builder budget(double epsilon, double delta) {
      this.budget = PrivacyBudget.of(epsilon, delta);
      return this;
    }

    public Builder maxPartitionsContributed(int l0) {
      this.maxPartitionsContributed = l0;
      return this;
    }

    public Builder maxContributionsPerPartition(int lInf) {
      this.maxContributionsPerPartition = lInf;
      return this;
    }

    public Builder partitionSelection(PartitionSelection selection) {
      this.selection = Objects.requireNonNull(selection, "selection");
      return this;
    }

    public Builder noise(NoiseKind kind) {
      this.noiseKind = Objects.requireNonNull(kind, "noise");
      return this;
    }

    /** Quantile tree shape: {@code branchingFactor^height} leaves, at most 2^24. */
    public Builder quantileTree(int height, int branchingFactor) {
      this.treeHeight = height;
      this.branchingFactor = branchingFactor;
      return this;
    }

    /** Validates everything and allocates the budget; throws {@link IllegalArgumentException} naming the problem. */
    public DpQuery build() {
      if (privacyUnit == null || privacyUnit.isBlank()) {
        throw new IllegalArgumentException("privacyUnit must be a non-blank column name. Provided value: "
            + privacyUnit);
      }
      LinkedHashSet<String> keys = new LinkedHashSet<>();
      for (String g : groupBy) {
        if (g == null || g.isBlank()) {
          throw new IllegalArgumentException("groupBy column must be a non-blank name. Provided value: " + g);
        }
        if (!keys.add(g)) {
          throw new IllegalArgumentException("groupBy column must not repeat. Provided value: " + g);
        }
        if (g.equals(privacyUnit)) {
          throw new IllegalArgumentException(
              "groupBy column must not be the privacy unit (its values would be released). Provided value: " + g);
        }
      }
      if (metrics.isEmpty()) {
        throw new IllegalArgumentException("metrics must not be empty. Provided value: []");
      }
      if (budget == null) {
        throw new IllegalArgumentException("budget must be set (call budget(epsilon, delta)). Provided value: null");
      }
      checkBound("maxPartitionsContributed", maxPartitionsContributed);
      checkBound("maxContributionsPerPartition", maxContributionsPerPartition);
      if (treeHeight < 1 || treeHeight > 24) {
        throw new IllegalArgumentException("tree height must be >= 1 and <= 24. Provided value: " + treeHeight);
      }
      if (branchingFactor < 2 || Math.pow(branchingFactor, treeHeight) > (1 << 24)) {
        throw new IllegalArgumentException("branchingFactor must be >= 2 with branchingFactor^height <= 2^24. "
            + "Provided value: " + branchingFactor + "^" + treeHeight);
      }
      LinkedHashSet<String> names = new LinkedHashSet<>();
      LinkedHashSet<String> columns = new LinkedHashSet<>();
      for (Metric m : metrics) {
        if (!names.add(m.name())) {
          throw new IllegalArgumentException("metric must not repeat. Provided value: " + m.name());
        }
        if (m.kind().needsColumn()) {
          if (!bounds.containsKey(m.column())) {
            throw new IllegalArgumentException("bounds must be declared for every value column (call bounds(\""
                + m.column() + "\", lower, upper)). Provided value: none for " + m.column());
          }
          if (m.column().equals(privacyUnit)) {
            throw new IllegalArgumentException("a metric column must not be the privacy unit. Provided value: "
                + m.column());
          }
          columns.add(m.column());
        }
      }
      for (String c : bounds.keySet()) {
        if (!columns.contains(c)) {
          throw new IllegalArgumentException(
              "bounds are declared for a column no metric reads. Provided value: " + c);
        }
      }
      Map<String, PrivacyBudget> allocation = new LinkedHashMap<>();
      PrivacyBudget selectionBudget = allocate(allocation);
      DpQuery q = new DpQuery(this, new ArrayList<>(columns), allocation, selectionBudget);
      MetricPlan.validateAll(q); // fails on sensitivities whose noise scale overflows
      return q;
    }

    private static void checkBound(String name, int value) {
      if (value < 1 || value > MAX_BOUND) {
        throw new IllegalArgumentException(name + " must be >= 1 and <= " + MAX_BOUND + ". Provided value: "
            + value);
      }
    }

    private record Consumer(String name, BudgetShare share, boolean usesDelta) {}

    /** Fills {@code out} with each metric's budget; returns the selection budget (null if public). */
    private PrivacyBudget allocate(Map<String, PrivacyBudget> out) {
      List<Consumer> consumers = new ArrayList<>();
      for (Metric m : metrics) {
        consumers.add(new Consumer(m.name(), m.share(), noiseKind == NoiseKind.GAUSSIAN));
      }
      String selectionName = "partition selection";
      if (!selection.isPublic()) {
        consumers.add(new Consumer(selectionName, selection.share(), true));
      }
      double absEps = 0;
      double absDelta = 0;
      double weights = 0;
      double deltaWeights = 0;
      for (Consumer c : consumers) {
        if (c.share.isAbsolute()) {
          if (!c.usesDelta && c.share.delta() != 0) {
            throw new IllegalArgumentException("delta of " + c.name + " must be 0 (Laplace metrics use no delta). "
                + "Provided value: " + c.share.delta());
          }
          absEps += c.share.epsilon();
          absDelta += c.share.delta();
        } else {
          weights += c.share.weightValue();
          if (c.usesDelta) {
            deltaWeights += c.share.weightValue();
          }
        }
      }
      double remEps = budget.epsilon() - absEps;
      double remDelta = budget.delta() - absDelta;
      double epsTol = SPLIT_TOLERANCE * budget.epsilon();
      double deltaTol = SPLIT_TOLERANCE * budget.delta();
      if (remEps < -epsTol || (weights > 0 && remEps <= epsTol)) {
        throw new IllegalArgumentException("budget split does not add up: the absolute epsilons must sum to less "
            + "than the total epsilon " + budget.epsilon() + (weights > 0 ? " (weighted metrics need the rest)" : "")
            + ". Provided value: " + absEps);
      }
      if (weights == 0 && Math.abs(remEps) > epsTol) {
        throw new IllegalArgumentException("budget split does not add up: with no weighted share the absolute "
            + "epsilons must sum to the total epsilon " + budget.epsilon() + ". Provided value: " + absEps);
      }
      if (deltaWeights > 0 && budget.delta() == 0) {
        throw new IllegalArgumentException("delta must be > 0 when Gaussian noise or private partition selection is "
            + "used (or use Laplace noise with public partitions). Provided value: 0.0");
      }
      if (remDelta < -deltaTol || (deltaWeights > 0 && remDelta <= deltaTol)) {
        throw new IllegalArgumentException("budget split does not add up: the absolute deltas must sum to less "
            + "than the total delta " + budget.delta() + (deltaWeights > 0
                ? " (Gaussian noise and private partition selection need delta > 0: raise the total delta)" : "")
            + ". Provided value: " + absDelta);
      }
      if (deltaWeights == 0 && Math.abs(remDelta) > deltaTol) {
        throw new IllegalArgumentException("budget split does not add up: the total delta " + budget.delta()
            + " must be spent by Gaussian metrics or private partition selection (set delta to "
            + absDelta + "). Provided value: " + budget.delta());
      }
      PrivacyBudget selectionBudget = null;
      for (Consumer c : consumers) {
        PrivacyBudget b;
        if (c.share.isAbsolute()) {
          b = PrivacyBudget.of(c.share.epsilon(), c.share.delta());
        } else {
          double w = c.share.weightValue();
          b = PrivacyBudget.of(remEps * w / weights, c.usesDelta ? remDelta * w / deltaWeights : 0);
        }
        if (c.usesDelta && !(b.delta() > 0)) {
          throw new IllegalArgumentException("delta of " + c.name + " must be > 0 (Gaussian noise and private "
              + "partition selection need it). Provided value: " + b.delta());
        }
        if (c.name.equals(selectionName) && !selection.isPublic()) {
          selectionBudget = b;
        } else {
          out.put(c.name, b);
        }
      }
      DpPreconditions.checkEpsilon(budget.epsilon());
      return selectionBudget;
    }
  }
}
