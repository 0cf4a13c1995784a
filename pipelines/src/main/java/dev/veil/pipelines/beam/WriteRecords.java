package dev.veil.pipelines.beam;

import dev.veil.core.schema.Schema;
import dev.veil.core.spec.Format;
import dev.veil.core.spec.SinkSpec;
import dev.veil.pipelines.io.AvroRows;
import dev.veil.pipelines.io.TextFormats;
import java.nio.file.Path;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;

/**
 * Writes the surviving records (rows of {@link BeamRows#recordSchema} of the output schema; the
 * bookkeeping columns are dropped) to a sink directory as part files named
 * {@code part-SSSSS-of-NNNNN.<csv|jsonl|parquet>}:
 *
 * <ul>
 *   <li>CSV: each file starts with {@link TextFormats#csvHeader}, then one {@link TextFormats#csvLine}
 *       per record, with the sink's delimiter.
 *   <li>JSON lines: one {@link TextFormats#jsonLine} per record.
 *   <li>Parquet: records converted with {@link AvroRows#toRecord} and written by {@link ParquetIO#sink}
 *       with the schema of {@link AvroRows#toAvro}.
 * </ul>
 *
 * The number of files follows the runner's bundling (no extra shuffle); an empty output still
 * produces one file. Beam writes to a temporary directory inside the sink directory and renames the
 * files into place once all are written. Thread-safety: immutable once built; its {@code DoFn}s are
 * serializable and stateless apart from a parsed schema set up once per instance.
 */
final class WriteRecords extends PTransform<PCollection<Row>, PDone> {
  private static final long serialVersionUID = 1L;

  /** The prefix of every part file. */
  static final String PREFIX = "part";

  private final SinkSpec sink;
  private final Schema schema;

  private WriteRecords(SinkSpec sink, Schema schema) {
    this.sink = sink;
    this.schema = schema;
  }

  /**
   * Writes records of {@code schema} to {@code sink}.
   *
   * @throws IllegalArgumentException when the schema cannot be written in the sink's format (for
   *     Parquet, field names that are not Avro names)
   */
  static WriteRecords to(SinkSpec sink, Schema schema) {
    if (sink.format() == Format.PARQUET) {
      AvroRows.toAvro(schema); // checks the field names now, not on the workers
    }
    return new WriteRecords(sink, schema);
  }

  /** The file-name prefix for TextIO: {@code <absolute sink directory>/part}. */
  static String textPrefix(String directory) {
    return Path.of(directory).toAbsolutePath().resolve(PREFIX).toString();
  }

  @Override
  public PDone expand(PCollection<Row> records) {
    String dir = Path.of(sink.path()).toAbsolutePath().toString();
    switch (sink.format()) {
      case CSV:
        records.apply("to-csv", ParDo.of(new CsvLineFn(schema.size(), sink.delimiter())))
            .apply("write-csv", TextIO.write().to(textPrefix(dir)).withSuffix(".csv")
                .withHeader(TextFormats.csvHeader(schema, sink.delimiter())));
        break;
      case JSONL:
        records.apply("to-json", ParDo.of(new JsonLineFn(schema)))
            .apply("write-jsonl", TextIO.write().to(textPrefix(dir)).withSuffix(".jsonl"));
        break;
      case PARQUET:
        org.apache.avro.Schema avro = AvroRows.toAvro(schema);
        records.apply("to-avro", ParDo.of(new AvroRecordFn(schema.size(), avro.toString())))
            .setCoder(AvroCoder.generic(avro))
            .apply("write-parquet", FileIO.<GenericRecord>write().via(ParquetIO.sink(avro))
                .to(dir).withPrefix(PREFIX).withSuffix(".parquet"));
        break;
      default:
        throw new IllegalArgumentException("sink format must be csv, jsonl or parquet. Provided value: " + sink.format());
    }
    return PDone.in(records.getPipeline());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("format", sink.format().specName()).withLabel("Sink format"))
        .add(DisplayData.item("path", sink.path()).withLabel("Sink directory"));
  }

  /** Formats a record as one CSV line. */
  private static final class CsvLineFn extends DoFn<Row, String> {
    private static final long serialVersionUID = 1L;
    private final int width;
    private final char delimiter;

    CsvLineFn(int width, char delimiter) {
      this.width = width;
      this.delimiter = delimiter;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<String> out) {
      out.output(TextFormats.csvLine(BeamRows.values(row, width), delimiter));
    }
  }

  /** Formats a record as one JSON line. */
  private static final class JsonLineFn extends DoFn<Row, String> {
    private static final long serialVersionUID = 1L;
    private final Schema schema;

    JsonLineFn(Schema schema) {
      this.schema = schema;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<String> out) {
      out.output(TextFormats.jsonLine(schema, BeamRows.values(row, schema.size())));
    }
  }

  /** Converts a record to an Avro record of the output schema. */
  private static final class AvroRecordFn extends DoFn<Row, GenericRecord> {
    private static final long serialVersionUID = 1L;
    private final int width;
    private final String avroSchemaJson;
    private transient org.apache.avro.Schema avro;

    AvroRecordFn(int width, String avroSchemaJson) {
      this.width = width;
      this.avroSchemaJson = avroSchemaJson;
    }

    @Setup
    public void setup() {
      avro = new org.apache.avro.Schema.Parser().parse(avroSchemaJson);
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<GenericRecord> out) {
      out.output(AvroRows.toRecord(avro, BeamRows.values(row, width)));
    }
  }
}
