package dev.veil.core.spec;

import java.util.Locale;

/** The engines a pipeline can run on. Both give the same records for the same spec and input. */
public enum Engine {
  /** Apache Spark; {@code local[*]} by default, any master through {@code spark-submit}. */
  SPARK,
  /** Apache Beam; the DirectRunner by default. */
  BEAM;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Engine fromSpecName(String s) {
    for (Engine e : values()) {
      if (e.specName().equalsIgnoreCase(s == null ? "" : s.trim())) return e;
    }
    throw new IllegalArgumentException("engine must be spark or beam. Provided value: '" + s + "'");
  }
}
