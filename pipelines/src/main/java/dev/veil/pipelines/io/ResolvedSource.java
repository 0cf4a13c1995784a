package dev.veil.pipelines.io;

import dev.veil.core.io.SourceRecord;
import dev.veil.core.io.TextSource;
import dev.veil.core.schema.Schema;
import dev.veil.core.spec.Format;
import dev.veil.core.spec.SourceSpec;
import java.util.List;

/**
 * A source after its files, schema and sample have been resolved on the driver. Exactly one of
 * {@code text} (CSV, JSON lines) and {@code parquet} is set.
 */
public record ResolvedSource(SourceSpec spec, Schema schema, List<String> files, TextSource text, ParquetSource parquet,
    List<SourceRecord> sample) {

  /** Opens {@code spec}, reading its header or footer and {@code sampleRows} leading records. */
  public static ResolvedSource open(SourceSpec spec, int sampleRows) {
    if (spec.format() == Format.PARQUET) {
      ParquetSource p = ParquetSource.open(spec);
      return new ResolvedSource(spec, p.schema(), p.files(), null, p, p.sample(sampleRows));
    }
    TextSource t = TextSource.open(spec);
    return new ResolvedSource(spec, t.schema(), t.files(), t, null, t.sample(sampleRows));
  }
}
