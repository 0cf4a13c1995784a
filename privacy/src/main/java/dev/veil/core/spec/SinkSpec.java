package dev.veil.core.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a pipeline writes its output: a directory of part files in {@code format}. With
 * {@code overwrite} false (the default) an existing non-empty directory is an error, so a typo
 * cannot destroy data. The CSV sink writes a header and uses {@code delimiter}.
 */
public record SinkSpec(Format format, String path, boolean overwrite, char delimiter) implements java.io.Serializable {
  public SinkSpec {
    if (format == null) throw new IllegalArgumentException("format must be csv, jsonl or parquet. Provided value: null");
    if (path == null || path.isBlank()) throw new IllegalArgumentException("path must be a non-empty string. Provided value: '" + path + "'");
  }

  public static SinkSpec parquet(String path) {
    return new SinkSpec(Format.PARQUET, path, false, ',');
  }

  public static SinkSpec csv(String path) {
    return new SinkSpec(Format.CSV, path, false, ',');
  }

  public static SinkSpec jsonl(String path) {
    return new SinkSpec(Format.JSONL, path, false, ',');
  }

  public SinkSpec withOverwrite(boolean b) {
    return new SinkSpec(format, path, b, delimiter);
  }

  public SinkSpec withPath(String p) {
    return new SinkSpec(format, p, overwrite, delimiter);
  }

  Map<String, Object> toParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("format", format.specName());
    p.put("path", path);
    p.put("mode", overwrite ? "overwrite" : "error-if-exists");
    if (format == Format.CSV) p.put("delimiter", String.valueOf(delimiter));
    return p;
  }
}
