package dev.veil.core.spec;

import dev.veil.core.schema.Field;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Tags;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a pipeline reads from: a file or a directory of part files (files starting with {@code _}
 * or {@code .} are skipped; CSV and JSON-lines files may be gzip-compressed), its format and options, declared field types (JSON lines; CSV fields
 * are strings until a {@code cast} stage) and declared tags per field.
 */
public record SourceSpec(Format format, String path, CsvOptions csv, Map<String, FieldType> types, Map<String, Tags> tags) implements java.io.Serializable {

  public SourceSpec {
    if (format == null) throw new IllegalArgumentException("format must be csv, jsonl or parquet. Provided value: null");
    if (path == null || path.isBlank()) throw new IllegalArgumentException("path must be a non-empty string. Provided value: '" + path + "'");
    csv = csv == null ? CsvOptions.DEFAULT : csv;
    types = Collections.unmodifiableMap(new LinkedHashMap<>(types == null ? Map.of() : types));
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags == null ? Map.of() : tags));
    types.keySet().forEach(Field::checkName);
    tags.keySet().forEach(Field::checkName);
  }

  public static SourceSpec csv(String path) {
    return new SourceSpec(Format.CSV, path, CsvOptions.DEFAULT, Map.of(), Map.of());
  }

  public static SourceSpec jsonl(String path) {
    return new SourceSpec(Format.JSONL, path, CsvOptions.DEFAULT, Map.of(), Map.of());
  }

  public static SourceSpec parquet(String path) {
    return new SourceSpec(Format.PARQUET, path, CsvOptions.DEFAULT, Map.of(), Map.of());
  }

  public SourceSpec withCsv(CsvOptions o) {
    return new SourceSpec(format, path, o, types, tags);
  }

  public SourceSpec withPath(String p) {
    return new SourceSpec(format, p, csv, types, tags);
  }

  /** A copy with {@code words} (like {@code "privacy-unit"}, {@code "pii:PERSON"}) added to {@code field}'s tags. */
  public SourceSpec withTags(String field, String... words) {
    Map<String, Tags> t = new LinkedHashMap<>(tags);
    t.put(field, Tags.parse(List.of(words)));
    return new SourceSpec(format, path, csv, types, t);
  }

  public SourceSpec withTypes(Map<String, FieldType> ts) {
    return new SourceSpec(format, path, csv, ts, tags);
  }

  Map<String, Object> toParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("format", format.specName());
    p.put("path", path);
    if (format == Format.CSV) p.putAll(csv.toParams());
    if (!types.isEmpty()) {
      Map<String, Object> t = new LinkedHashMap<>();
      types.forEach((k, v) -> t.put(k, v.specName()));
      p.put("schema", t);
    }
    if (!tags.isEmpty()) {
      Map<String, Object> t = new LinkedHashMap<>();
      tags.forEach((k, v) -> t.put(k, v.toWords()));
      p.put("tags", t);
    }
    return p;
  }
}
