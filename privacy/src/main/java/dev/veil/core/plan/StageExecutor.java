package dev.veil.core.plan;

import dev.veil.core.error.ReasonCode;
import dev.veil.core.error.RecordException;
import dev.veil.core.expr.ExprEvaluator;
import dev.veil.core.schema.Schema;
import dev.veil.core.stage.Op;
import java.io.Serializable;
import java.util.List;

/**
 * Runs one planned stage's ops over one record held as an {@code Object[]} aligned with the stage's
 * input schema. This is the reference semantics of every op: the Beam adapter calls it per record,
 * the planner uses it on the sample, and the Spark adapter's native translation is tested against
 * it. A stage holding {@link Op.Aggregate} (its only op) has no per-record semantics: {@link #apply}
 * refuses it, and {@link #aggregate} runs it over all records at once. Serializable; {@link #apply}
 * is thread-safe. A stage holding {@link Op.Frequencies} (its only op) is planned from all records
 * by {@link #frequencies}; the engines then run the ops it returns per record.
 */
public final class StageExecutor implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Op> ops;
  private final int[][] inputIdx;
  private final int[] outputIdx;
  private final int[][] projectIdx;
  private final int[] width;
  private final Schema[] schemas;
  private final Op.Aggregate aggregate;
  private final Op.Frequencies frequencies;
  private final Schema input;

  public StageExecutor(Schema input, List<Op> ops) {
    this.ops = List.copyOf(ops);
    int n = ops.size();
    inputIdx = new int[n][];
    outputIdx = new int[n];
    projectIdx = new int[n][];
    width = new int[n];
    schemas = new Schema[n + 1];
    Schema s = input;
    Op.Aggregate agg = null;
    Op.Frequencies freq = null;
    this.input = input;
    for (int i = 0; i < n; i++) {
      schemas[i] = s;
      Op op = ops.get(i);
      if (op instanceof Op.Aggregate a) {
        if (n != 1) {
          throw new IllegalArgumentException("an aggregate op must be the only op of its stage. Provided value: " + n + " ops");
        }
        agg = a;
        s = a.aggregation().outputSchema();
      } else if (op instanceof Op.Frequencies fr) {
        if (n != 1) {
          throw new IllegalArgumentException("a frequencies op must be the only op of its stage. Provided value: " + n + " ops");
        }
        for (String f : fr.planner().keyFields()) s.require(f, "frequencies");
        freq = fr;
        s = fr.planner().outputSchema();
      } else if (op instanceof Op.Project p) {
        projectIdx[i] = new int[p.fields().size()];
        for (int j = 0; j < p.fields().size(); j++) {
          projectIdx[i][j] = s.indexOf(p.fields().get(j));
          if (projectIdx[i][j] < 0) s.require(p.fields().get(j), "projection");
        }
        s = s.project(p.fields());
      } else if (op instanceof Op.Inspect in) {
        inputIdx[i] = new int[in.inputs().size()];
        for (int j = 0; j < in.inputs().size(); j++) {
          inputIdx[i][j] = s.indexOf(in.inputs().get(j));
          if (inputIdx[i][j] < 0) s.require(in.inputs().get(j), "inspect");
        }
      } else if (op instanceof Op.Compute c) {
        inputIdx[i] = new int[c.inputs().size()];
        for (int j = 0; j < c.inputs().size(); j++) {
          inputIdx[i][j] = s.indexOf(c.inputs().get(j));
          if (inputIdx[i][j] < 0) s.require(c.inputs().get(j), "compute");
        }
        s = s.put(c.output());
        outputIdx[i] = s.indexOf(c.output().name());
      }
      width[i] = s.size();
    }
    schemas[n] = s;
    aggregate = agg;
    frequencies = freq;
  }

  /** The stage's two-pass op, or null. */
  public Op.Frequencies frequenciesOp() {
    return frequencies;
  }

  /**
   * Runs a two-pass stage over all its input rows in memory (the reference semantics of
   * {@link Op.Frequencies}): counts the tuples, plans, and returns the plan; apply its ops with
   * {@code new StageExecutor(input, planned.ops())}.
   *
   * @throws IllegalStateException if the stage is not a two-pass stage
   */
  public dev.veil.core.stage.FrequencyPlanner.Planned frequencies(Iterable<Object[]> rows) {
    if (frequencies == null) {
      throw new IllegalStateException("this stage has no frequencies op; use apply per record");
    }
    dev.veil.core.stage.FrequencyPlanner p = frequencies.planner();
    int[] idx = new int[p.keyFields().size()];
    for (int i = 0; i < idx.length; i++) idx[i] = input.indexOf(p.keyFields().get(i));
    dev.veil.privacy.kanon.FrequencySet.Builder b = dev.veil.privacy.kanon.FrequencySet.builder(p.quasiIdentifiers(), p.withSensitive());
    for (Object[] r : rows) {
      Object[] v = new Object[idx.length];
      for (int i = 0; i < idx.length; i++) v[i] = r[idx[i]];
      String[] key = p.key(v);
      if (key != null) b.add(key, 1);
    }
    return p.plan(b.build());
  }

  /** The stage's aggregation, or null for a per-record stage. */
  public Op.Aggregate aggregateOp() {
    return aggregate;
  }

  /**
   * Runs an aggregating stage over all its input rows in memory (the reference semantics of
   * {@link Op.Aggregate}).
   *
   * @throws IllegalStateException if the stage does not aggregate
   */
  public dev.veil.privacy.dp.aggregate.DpAggregation.RowsResult aggregate(Iterable<Object[]> rows) {
    if (aggregate == null) {
      throw new IllegalStateException("this stage does not aggregate; use apply per record");
    }
    return aggregate.aggregation().aggregateRows(rows);
  }

  /** The schema of the records {@link #apply} returns. */
  public Schema outputSchema() {
    return schemas[schemas.length - 1];
  }

  /**
   * Applies the ops, skipping {@link Op.Inspect}s.
   *
   * @return the output record, or null when a filter rejected it
   * @throws RecordException when the record must go to the dead letter
   */
  public Object[] apply(Object[] row) {
    return apply(row, null);
  }

  /**
   * Applies the ops; each {@link Op.Inspect}'s findings are added to {@code findings} (when not
   * null). The caller counts them only when the record comes out (not null, no exception).
   *
   * @return the output record, or null when a filter rejected it
   * @throws RecordException when the record must go to the dead letter
   */
  public Object[] apply(Object[] row, java.util.List<dev.veil.core.stage.Finding> findings) {
    if (aggregate != null) {
      throw new IllegalStateException("an aggregating stage has no per-record result; use aggregate over all records");
    }
    if (frequencies != null) {
      throw new IllegalStateException("a two-pass stage has no per-record result before it is planned; use frequencies over all records");
    }
    Object[] cur = row;
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (op instanceof Op.Project) {
        int[] idx = projectIdx[i];
        Object[] next = new Object[idx.length];
        for (int j = 0; j < idx.length; j++) next[j] = cur[idx[j]];
        cur = next;
      } else if (op instanceof Op.Compute c) {
        int[] idx = inputIdx[i];
        Object[] args = new Object[idx.length];
        for (int j = 0; j < idx.length; j++) args[j] = cur[idx[j]];
        Object v = c.function().apply(args);
        Object[] next = cur.length == width[i] ? cur.clone() : java.util.Arrays.copyOf(cur, width[i]);
        next[outputIdx[i]] = v;
        cur = next;
      } else if (op instanceof Op.Inspect in) {
        if (findings != null) {
          int[] idx = inputIdx[i];
          Object[] args = new Object[idx.length];
          for (int j = 0; j < idx.length; j++) args[j] = cur[idx[j]];
          in.inspector().inspect(args, findings::add);
        }
      } else if (op instanceof Op.Filter f) {
        Schema s = schemas[i];
        Object[] r = cur;
        if (!ExprEvaluator.keeps(f.predicate(), name -> r[s.indexOf(name)])) {
          if (f.deadLetterRejected()) {
            throw new RecordException(ReasonCode.REJECTED_BY_FILTER, null, "rejected by the filter");
          }
          return null;
        }
      }
    }
    return cur;
  }
}
