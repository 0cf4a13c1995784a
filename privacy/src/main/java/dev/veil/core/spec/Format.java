package dev.veil.core.spec;

import java.util.Locale;

/** File formats of sources and sinks. */
public enum Format {
  CSV, JSONL, PARQUET;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Format fromSpecName(String s) {
    String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    if (n.equals("json") || n.equals("jsonlines") || n.equals("ndjson")) return JSONL;
    for (Format f : values()) {
      if (f.specName().equals(n)) return f;
    }
    throw new IllegalArgumentException("format must be csv, jsonl or parquet. Provided value: '" + s + "'");
  }
}
