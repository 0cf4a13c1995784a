package dev.veil.privacy.dp.aggregate;

import java.util.List;
import java.util.Map;

/**
 * Where a differentially private job charges its privacy budget before it releases anything: the
 * persistent ledger ({@code dev.veil.privacy.budget}) or, when none is configured, {@link #unrecorded()}.
 *
 * <p>Protocol (the caller's responsibility): {@link #reserve} before any output is written; on
 * {@link Reservation#granted() refusal} or an exception release nothing at all and report the reason;
 * {@link #commit} once the output is complete, {@link #release} when the job fails after reserving (the
 * budget is returned). Reservations are idempotent by run id: reserving the same run id again must
 * not charge twice.
 *
 * <p>Implementations must be thread-safe (several jobs may reserve against one dataset at once) and
 * fail closed: if the ledger cannot be reached, {@link #reserve} throws or refuses.
 */
public interface BudgetGate {

  /**
   * One release a job asks for: a metric or the partition selection with its mechanism and parameters,
   * so the ledger can recompute totals under basic composition or zCDP.
   *
   * @param name like {@code sum(income)} or {@code partitionSelection}
   * @param mechanism like {@code laplace}, {@code gaussian}, {@code truncated-geometric}
   * @param parameters extra parameters (sensitivities, L0, Linf...), numbers or strings; never data
   */
  record Entry(String name, String mechanism, double epsilon, double delta, Map<String, Object> parameters) {
    /** Copies the parameters. */
    public Entry {
      parameters = Map.copyOf(parameters);
    }
  }

  /**
   * The answer to {@link #reserve}: granted, or not (refused, or waiting for an officer's approval:
   * {@code pending}) with a reason safe to show (no data values).
   */
  record Reservation(boolean granted, boolean pending, String reason) {
    public static Reservation grant() {
      return new Reservation(true, false, "granted");
    }

    public static Reservation refuse(String reason) {
      return new Reservation(false, false, reason);
    }

    /** Not granted yet: the request waits for an officer's approval; run the job again after it. */
    public static Reservation pendingApproval(String reason) {
      return new Reservation(false, true, reason);
    }
  }

  /** Reserves the budget of {@code entries} for run {@code runId} of {@code job} against {@code dataset}. */
  Reservation reserve(String dataset, String runId, String job, List<Entry> entries);

  /** Makes a granted reservation final (the output has been released). */
  void commit(String runId);

  /** Returns a reservation's budget (the job failed before releasing anything). */
  void release(String runId);

  /** Whether this gate records anything (false for {@link #unrecorded()}). */
  default boolean records() {
    return true;
  }

  /**
   * A gate that grants everything and records nothing: for runs without a ledger. The caller must warn
   * that no budget is recorded (repeated runs then compose without any limit).
   */
  static BudgetGate unrecorded() {
    return new BudgetGate() {
      @Override
      public Reservation reserve(String dataset, String runId, String job, List<Entry> entries) {
        return Reservation.grant();
      }

      @Override
      public void commit(String runId) {}

      @Override
      public void release(String runId) {}

      @Override
      public boolean records() {
        return false;
      }
    };
  }

  /** The entries a query spends: one per metric and one for private partition selection. */
  static List<Entry> entries(DpQuery query) {
    List<Entry> out = new java.util.ArrayList<>();
    String noise = query.noiseKind().name().toLowerCase(java.util.Locale.ROOT);
    Map<String, Object> common = new java.util.LinkedHashMap<>();
    common.put("maxPartitionsContributed", query.maxPartitionsContributed());
    common.put("maxContributionsPerPartition", query.maxContributionsPerPartition());
    for (Metric m : query.metrics()) {
      PrivacyBudget b = query.allocation().get(m.name());
      Map<String, Object> p = new java.util.LinkedHashMap<>(common);
      if (m.kind().needsColumn()) {
        Bounds bd = query.bounds().get(m.column());
        p.put("lower", bd.lower());
        p.put("upper", bd.upper());
      }
      out.add(new Entry(m.name(), noise, b.epsilon(), b.delta(), p));
    }
    query.selectionBudget().ifPresent(b -> out.add(new Entry("partitionSelection",
        query.selection().method().name().toLowerCase(java.util.Locale.ROOT), b.epsilon(), b.delta(), common)));
    return out;
  }
}
