package dev.veil.pipelines.beam;

import dev.veil.core.io.SourceRecord;
import dev.veil.core.io.TextSource;
import dev.veil.core.io.TextSplit;
import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.report.DeadLetter;
import dev.veil.pipelines.io.ParquetSource;
import dev.veil.pipelines.io.ResolvedSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads a resolved source into records: one element per unit of work (a {@link TextSplit} of a CSV
 * or JSON-lines source, or a whole Parquet file), redistributed with {@link Reshuffle} so the runner
 * reads units in parallel, then a {@code DoFn} that runs the engine-neutral reader on each unit.
 *
 * <p>Outputs: {@link #records()} holds the well-formed records as rows of
 * {@link BeamRows#recordSchema} of the source schema; {@link #deadLetters()} holds every malformed
 * source record as a {@link DeadLetter} JSON line at stage index 0 (with its raw text, no record
 * map). Every record read, malformed or not, is counted in {@link RunMetrics#read()}.
 *
 * <p>Thread-safety: the transform is immutable once built. Its {@code DoFn} is serializable and, as
 * Beam guarantees, each instance processes one bundle at a time; the readers it calls may run
 * concurrently on different units.
 */
final class ReadSource extends PTransform<PBegin, PCollectionTuple> {
  private static final long serialVersionUID = 1L;
  /** How many records the reader counts before it reports progress. */
  private static final int PROGRESS_EVERY = 10_000;

  private final TextSource text;
  private final List<TextSplit> splits;
  private final ParquetSource parquet;
  private final List<String> sourceFiles;
  private final String stageName;
  private final Schema recordSchema;
  private final String runId;
  private final TupleTag<Row> records = new TupleTag<>("records");
  private final TupleTag<String> deadLetters = new TupleTag<>("dead-letters");

  private ReadSource(TextSource text, List<TextSplit> splits, ParquetSource parquet, PipelinePlan plan, String runId) {
    this.text = text;
    this.splits = splits == null ? List.of() : List.copyOf(splits);
    this.parquet = parquet;
    this.sourceFiles = plan.sourceFiles();
    this.stageName = plan.stageName(0);
    this.recordSchema = BeamRows.recordSchema(plan.sourceSchema());
    this.runId = runId;
  }

  /**
   * Reads {@code source}, cutting text files into splits of about {@code splitBytes}.
   *
   * @param runId the {@link ProgressRelay} run to report progress to
   */
  static ReadSource of(ResolvedSource source, PipelinePlan plan, long splitBytes, String runId) {
    if (source.text() != null) {
      return new ReadSource(source.text(), source.text().splits(splitBytes), null, plan, runId);
    }
    if (source.parquet() != null) {
      return new ReadSource(null, null, source.parquet(), plan, runId);
    }
    throw new IllegalArgumentException("source must have a text or a parquet reader. Provided value: " + source.spec().format());
  }

  /** The tag of the well-formed records. */
  TupleTag<Row> records() {
    return records;
  }

  /** The tag of the dead-letter JSON lines of malformed records. */
  TupleTag<String> deadLetters() {
    return deadLetters;
  }

  /** Units of work: text splits, or Parquet files. */
  int units() {
    return text != null ? splits.size() : parquet.files().size();
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    List<Integer> units = new ArrayList<>();
    for (int i = 0; i < units(); i++) {
      units.add(i);
    }
    PCollectionTuple out = begin
        .apply("units", Create.of(units))
        .apply("distribute", Reshuffle.viaRandomKey())
        .apply("read", ParDo.of(new ReadFn(this)).withOutputTags(records, TupleTagList.of(deadLetters)));
    out.get(records).setRowSchema(recordSchema);
    out.get(deadLetters).setCoder(StringUtf8Coder.of());
    return out;
  }

  /** Reads one unit of work per element. */
  private static final class ReadFn extends DoFn<Integer, Row> {
    private static final long serialVersionUID = 1L;

    private final TextSource text;
    private final List<TextSplit> splits;
    private final ParquetSource parquet;
    private final List<String> sourceFiles;
    private final String stageName;
    private final Schema recordSchema;
    private final String runId;
    private final TupleTag<Row> records;
    private final TupleTag<String> deadLetters;
    private final Counter read = RunMetrics.read();
    private final Counter dead = RunMetrics.dead(0);

    ReadFn(ReadSource t) {
      this.text = t.text;
      this.splits = t.splits;
      this.parquet = t.parquet;
      this.sourceFiles = t.sourceFiles;
      this.stageName = t.stageName;
      this.recordSchema = t.recordSchema;
      this.runId = t.runId;
      this.records = t.records;
      this.deadLetters = t.deadLetters;
    }

    @ProcessElement
    public void process(@Element Integer unit, MultiOutputReceiver out) {
      long[] counts = new long[3]; // read, malformed, not yet reported as progress
      Consumer<SourceRecord> emit = r -> {
        counts[0]++;
        if (r.isMalformed()) {
          counts[1]++;
          out.get(deadLetters).output(new DeadLetter(0, stageName, r.reason(), r.message(), r.field(),
              sourceFiles.get(r.fileIndex()), r.line(), null, r.raw()).toJson());
        } else {
          out.get(records).output(BeamRows.record(recordSchema, r.values(), r.fileIndex(), r.line()));
        }
        if (++counts[2] == PROGRESS_EVERY) {
          ProgressRelay.add(runId, counts[2]);
          counts[2] = 0;
        }
      };
      if (text != null) {
        text.read(splits.get(unit), emit);
      } else {
        parquet.read(unit, emit);
      }
      ProgressRelay.add(runId, counts[2]);
      read.inc(counts[0]);
      if (counts[1] > 0) {
        dead.inc(counts[1]);
      }
    }
  }
}
