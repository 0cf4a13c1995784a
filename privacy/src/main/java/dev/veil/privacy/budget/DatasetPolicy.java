package dev.veil.privacy.budget;

import java.util.Collection;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * A dataset's budget policy: the lifetime cap, an optional rolling-window cap, an optional approval
 * threshold, and the accountant the caps are enforced under.
 *
 * <p>Guarantee enforced by {@link BudgetLedger#reserve}: the total of the dataset's reserved and
 * committed releases, under {@link #accountant()}, never exceeds {@code (capEpsilon, capDelta)}, and the
 * total of those reserved within the last {@link #windowDays()} days never exceeds
 * {@link #windowEpsilon()}. Lowering a cap below what is already spent is allowed; later requests are
 * then refused.
 *
 * <p>{@code windowDays == 0} means no window cap (and {@code windowEpsilon} must be 0). An empty
 * {@code approvalAbove} means no request needs approval; otherwise requests whose basic epsilon is above
 * it wait for an officer. A non-empty {@code approvers} set names the only officers whose
 * {@link BudgetLedger#approve approvals} and {@link BudgetLedger#deny denials} the ledger accepts for the
 * dataset (an empty set accepts any name). The names are what officers give as {@code --by}: the ledger
 * checks and records them, it does not authenticate them; who may run {@code veil budget approve} at all is
 * decided by who may write to the ledger database (see the privacy officer guide). Immutable, validated
 * when constructed, thread-safe.
 *
 * @param dataset the dataset name (1..200 characters, no control characters)
 * @param capEpsilon lifetime epsilon cap, {@code > 0}
 * @param capDelta lifetime delta cap, {@code 0 <= capDelta < 1}
 * @param windowDays rolling-window length in days, {@code 0} for none
 * @param windowEpsilon epsilon allowed per window ({@code > 0} when {@code windowDays > 0}, else 0)
 * @param approvalAbove requests with a larger basic epsilon need approval
 * @param accountant the accountant the caps are enforced under
 * @param approvers the officers who may approve or deny the dataset's requests (sorted; empty: anyone)
 */
public record DatasetPolicy(String dataset, double capEpsilon, double capDelta, int windowDays, double windowEpsilon,
    OptionalDouble approvalAbove, Accountant accountant, Set<String> approvers) {

  /** A policy without an approver list (any officer's name is accepted). */
  public DatasetPolicy(String dataset, double capEpsilon, double capDelta, int windowDays, double windowEpsilon,
      OptionalDouble approvalAbove, Accountant accountant) {
    this(dataset, capEpsilon, capDelta, windowDays, windowEpsilon, approvalAbove, accountant, Set.of());
  }

  /** Validates every field; see the class documentation. */
  public DatasetPolicy {
    checkDataset(dataset);
    Objects.requireNonNull(approvalAbove, "approvalAbove");
    Objects.requireNonNull(accountant, "accountant");
    approvers = approverSet(approvers);
    if (!(capEpsilon > 0) || !Double.isFinite(capEpsilon)) {
      throw new IllegalArgumentException("capEpsilon must be > 0 and finite. Provided value: " + capEpsilon);
    }
    if (!(capDelta >= 0 && capDelta < 1)) {
      throw new IllegalArgumentException("capDelta must be >= 0 and < 1. Provided value: " + capDelta);
    }
    if (windowDays < 0 || windowDays > 36_500) {
      throw new IllegalArgumentException("windowDays must be >= 0 and <= 36500. Provided value: " + windowDays);
    }
    if (windowDays > 0 && (!(windowEpsilon > 0) || !Double.isFinite(windowEpsilon))) {
      throw new IllegalArgumentException("windowEpsilon must be > 0 and finite when windowDays > 0. Provided value: " + windowEpsilon);
    }
    if (windowDays == 0 && windowEpsilon != 0) {
      throw new IllegalArgumentException("windowEpsilon needs windowDays > 0. Provided value: " + windowEpsilon);
    }
    if (approvalAbove.isPresent() && (!(approvalAbove.getAsDouble() >= 0) || !Double.isFinite(approvalAbove.getAsDouble()))) {
      throw new IllegalArgumentException("approvalAbove must be >= 0 and finite. Provided value: " + approvalAbove.getAsDouble());
    }
  }

  /** A lifetime cap only, basic composition, no approvals. */
  public static DatasetPolicy lifetime(String dataset, double capEpsilon, double capDelta) {
    return new DatasetPolicy(dataset, capEpsilon, capDelta, 0, 0, OptionalDouble.empty(), Accountant.BASIC);
  }

  /** Whether {@code officer} may approve or deny this dataset's requests. */
  public boolean mayDecide(String officer) {
    return approvers.isEmpty() || approvers.contains(officer);
  }

  /** This policy with only {@code officers} allowed to approve or deny requests (empty: anyone). */
  public DatasetPolicy withApprovers(Collection<String> officers) {
    return new DatasetPolicy(dataset, capEpsilon, capDelta, windowDays, windowEpsilon, approvalAbove, accountant, Set.copyOf(officers));
  }

  private static Set<String> approverSet(Set<String> approvers) {
    Objects.requireNonNull(approvers, "approvers");
    TreeSet<String> sorted = new TreeSet<>();
    for (String a : approvers) {
      Objects.requireNonNull(a, "approver");
      if (a.isBlank() || a.length() > 200 || a.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("approver names must be 1..200 characters without control characters. Provided length: "
            + a.length());
      }
      sorted.add(a);
    }
    return java.util.Collections.unmodifiableSortedSet(sorted);
  }

  /** This policy with a rolling-window cap of {@code epsilon} per {@code days} days. */
  public DatasetPolicy withWindow(int days, double epsilon) {
    return new DatasetPolicy(dataset, capEpsilon, capDelta, days, epsilon, approvalAbove, accountant, approvers);
  }

  /** This policy with requests above {@code epsilon} waiting for an officer's approval. */
  public DatasetPolicy withApprovalAbove(double epsilon) {
    return new DatasetPolicy(dataset, capEpsilon, capDelta, windowDays, windowEpsilon, OptionalDouble.of(epsilon), accountant, approvers);
  }

  /** This policy enforced under {@code accountant}. */
  public DatasetPolicy withAccountant(Accountant accountant) {
    return new DatasetPolicy(dataset, capEpsilon, capDelta, windowDays, windowEpsilon, approvalAbove, accountant, approvers);
  }

  static String checkDataset(String dataset) {
    Objects.requireNonNull(dataset, "dataset");
    if (dataset.isBlank() || dataset.length() > 200 || dataset.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("dataset must be 1..200 characters without control characters. Provided length: "
          + dataset.length());
    }
    return dataset;
  }
}
