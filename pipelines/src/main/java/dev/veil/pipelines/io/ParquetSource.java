package dev.veil.pipelines.io;

import dev.veil.core.error.InputException;
import dev.veil.core.io.SourceFiles;
import dev.veil.core.io.SourceRecord;
import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Schema;
import dev.veil.core.schema.Tags;
import dev.veil.core.spec.SourceSpec;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Reads Parquet files outside Spark (for the plan-time sample and the Beam adapter): the schema
 * from the first file's footer, records through parquet-avro. A file that is not Parquet, is
 * truncated, or has a different schema throws {@link InputException} naming it. A record's
 * "line" is its 1-based row number within its file. Serializable; {@link #read} may run
 * concurrently on different files.
 */
public final class ParquetSource implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> files;
  private final Schema schema;
  private final String avroSchemaJson;

  private ParquetSource(List<String> files, Schema schema, String avroSchemaJson) {
    this.files = List.copyOf(files);
    this.schema = schema;
    this.avroSchemaJson = avroSchemaJson;
  }

  public static ParquetSource open(SourceSpec spec) {
    List<String> files = SourceFiles.list(spec.path());
    org.apache.avro.Schema avro = null;
    for (String f : files) {
      org.apache.avro.Schema a = footer(f);
      if (avro == null) {
        avro = a;
      } else if (!sameFields(avro, a)) {
        throw new InputException(f + ": schema differs from " + files.get(0) + "; all files of a source must have the same fields");
      }
    }
    List<Field> fields = new ArrayList<>();
    for (org.apache.avro.Schema.Field af : avro.getFields()) {
      FieldType t = AvroRows.typeOf(af.schema());
      if (t == null) {
        throw new InputException(files.get(0) + ": field '" + af.name() + "' has Parquet type " + af.schema()
            + ", which Veil does not read yet (supported: string, integers, floating point, boolean, date, timestamp)");
      }
      fields.add(new Field(af.name(), t, true, Tags.NONE));
    }
    Schema schema = Schema.of(fields);
    for (Map.Entry<String, Tags> e : spec.tags().entrySet()) {
      if (!schema.has(e.getKey())) {
        throw new InputException(files.get(0) + ": tags are declared for '" + e.getKey() + "', which is not a field; fields: " + schema.names());
      }
      schema = schema.replace(e.getKey(), f -> f.withTags(e.getValue()));
    }
    return new ParquetSource(files, schema, avro.toString());
  }

  public Schema schema() {
    return schema;
  }

  public List<String> files() {
    return files;
  }

  /** Reads every record of file {@code fileIndex}. */
  public void read(int fileIndex, Consumer<SourceRecord> out) {
    readUpTo(fileIndex, Long.MAX_VALUE, out);
  }

  public List<SourceRecord> sample(int n) {
    List<SourceRecord> out = new ArrayList<>();
    readUpTo(0, n, out::add);
    return out;
  }

  private void readUpTo(int fileIndex, long limit, Consumer<SourceRecord> out) {
    String file = files.get(fileIndex);
    org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(avroSchemaJson);
    Configuration conf = new Configuration(false);
    try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), conf)).withConf(conf).build()) {
      long row = 0;
      GenericRecord g;
      while (row < limit && (g = r.read()) != null) {
        row++;
        Object[] values = new Object[schema.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = AvroRows.fromAvro(g.get(i), schema.field(i).type(), avro.getFields().get(i).schema());
        }
        out.accept(SourceRecord.ok(fileIndex, row, values));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InputException ie) throw ie;
      throw new InputException(file + ": not a readable Parquet file (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static org.apache.avro.Schema footer(String file) {
    Configuration conf = new Configuration(false);
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), conf))) {
      MessageType type = r.getFooter().getFileMetaData().getSchema();
      return new AvroSchemaConverter(conf).convert(type);
    } catch (IOException | RuntimeException e) {
      throw new InputException(file + ": not a readable Parquet file (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage().replace(file, "").trim()) + ")", e);
    }
  }

  private static boolean sameFields(org.apache.avro.Schema a, org.apache.avro.Schema b) {
    if (a.getFields().size() != b.getFields().size()) return false;
    for (int i = 0; i < a.getFields().size(); i++) {
      if (!a.getFields().get(i).name().equals(b.getFields().get(i).name())
          || AvroRows.typeOf(a.getFields().get(i).schema()) != AvroRows.typeOf(b.getFields().get(i).schema())) return false;
    }
    return true;
  }
}
