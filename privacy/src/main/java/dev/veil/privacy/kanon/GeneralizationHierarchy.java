package dev.veil.privacy.kanon;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A value generalization hierarchy for one quasi-identifier: level 0 is the original value, each
 * higher level a coarser label, for example {@code 39 -> 35-39 -> 30-39 -> 20-39 -> *}.
 *
 * <p>File format (that of ARX and of the Adult hierarchies): one row per original value,
 * {@code value;level1;level2;...}, every row with the same number of columns, no header, no
 * quoting. The loader checks that the rows describe a hierarchy: every level is a function of the
 * previous one (two values with the same label at level j have the same label at level j+1, so no
 * level splits a group of the previous level), no value is listed twice, no label is empty. Errors
 * are {@link HierarchyException}s naming file, line and column, never a label.
 *
 * <p>Automatic hierarchies: {@link #numeric} (intervals doubling in width, then {@code *}) and
 * {@link #dates} (day, month, year, {@code *}).
 *
 * <p>Privacy: a hierarchy is configuration, not a guarantee; the privacy model applied with it
 * (see {@link AnonymizationSpec}) gives the guarantee. Immutable and thread-safe.
 */
public final class GeneralizationHierarchy implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final List<String> domain;
  private final Map<String, Integer> index;
  private final String[][] labels; // [level][value index]

  private GeneralizationHierarchy(String source, List<String> domain, String[][] labels) {
    this.source = source;
    this.domain = Collections.unmodifiableList(domain);
    this.labels = labels;
    Map<String, Integer> m = new HashMap<>(domain.size() * 2);
    for (int i = 0; i < domain.size(); i++) m.put(domain.get(i), i);
    this.index = m;
  }

  /** The number of levels, level 0 (the original value) included; at least 1. */
  public int levels() {
    return labels.length;
  }

  /** The original values (level 0), in file order. */
  public List<String> domain() {
    return domain;
  }

  /** Where the hierarchy came from (a file name, or a description for automatic ones), for messages. */
  public String source() {
    return source;
  }

  /** Whether {@code value} is an original value of this hierarchy. */
  public boolean contains(String value) {
    return index.containsKey(value);
  }

  /**
   * The label of {@code value} at {@code level}.
   *
   * @throws IllegalArgumentException if the level is out of range or the value is not in the
   *     domain (the message does not contain the value)
   */
  public String generalize(String value, int level) {
    if (level < 0 || level >= labels.length) {
      throw new IllegalArgumentException("level must be >= 0 and < " + labels.length + ". Provided value: " + level);
    }
    Integer i = index.get(value);
    if (i == null) {
      throw new IllegalArgumentException("the value is not in the domain of hierarchy " + source);
    }
    return labels[level][i];
  }

  /** Index of {@code value} in {@link #domain()}, or -1. */
  int indexOf(String value) {
    Integer i = index.get(value);
    return i == null ? -1 : i;
  }

  /** Label of the value with domain index {@code valueIndex} at {@code level}. */
  String label(int level, int valueIndex) {
    return labels[level][valueIndex];
  }

  /** Loads a {@code ;}-separated hierarchy file (UTF-8). */
  public static GeneralizationHierarchy load(Path file) {
    return load(file, ';');
  }

  /** Loads a hierarchy file with the given delimiter (UTF-8). */
  public static GeneralizationHierarchy load(Path file, char delimiter) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HierarchyException(file + ": cannot read the hierarchy file (" + e.getClass().getSimpleName() + ")");
    }
    return parse(file.toString(), lines, delimiter);
  }

  /**
   * Parses hierarchy rows. Trailing empty lines are ignored; a carriage return at a line end and a
   * byte-order mark are removed.
   *
   * @param source the file name for messages
   */
  public static GeneralizationHierarchy parse(String source, List<String> lines, char delimiter) {
    int last = lines.size();
    while (last > 0 && strip(lines.get(last - 1)).isEmpty()) last--;
    List<List<String>> rows = new ArrayList<>(last);
    for (int i = 0; i < last; i++) {
      String line = strip(lines.get(i));
      if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
      List<String> cells = new ArrayList<>();
      int start = 0;
      for (int p = 0; p <= line.length(); p++) {
        if (p == line.length() || line.charAt(p) == delimiter) {
          cells.add(line.substring(start, p));
          start = p + 1;
        }
      }
      rows.add(cells);
    }
    return of(source, rows);
  }

  private static String strip(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /**
   * Builds a hierarchy from rows ({@code value, level1, level2, ...}); row {@code i} is reported as
   * line {@code i + 1} of {@code source}.
   */
  public static GeneralizationHierarchy of(String source, List<List<String>> rows) {
    if (rows.isEmpty()) {
      throw new HierarchyException(source + ":1:1: the hierarchy is empty (expected one row per value: value;level1;level2;...)");
    }
    int depth = rows.get(0).size();
    String[][] labels = new String[depth][rows.size()];
    List<String> domain = new ArrayList<>(rows.size());
    Map<String, Integer> firstLine = new HashMap<>();
    // per level j >= 1: label at level j-1 -> (label at level j, first line)
    List<Map<String, Integer>> parentLine = new ArrayList<>();
    for (int j = 0; j < depth; j++) parentLine.add(new HashMap<>());
    for (int r = 0; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      int line = r + 1;
      if (row.size() != depth) {
        throw new HierarchyException(source + ":" + line + ":" + (Math.min(row.size(), depth) + 1) + ": row has " + row.size()
            + " columns but line 1 has " + depth + " (every row needs the same number of levels)");
      }
      for (int j = 0; j < depth; j++) {
        if (row.get(j) == null || row.get(j).isEmpty()) {
          throw new HierarchyException(source + ":" + line + ":" + (j + 1) + ": empty label (level " + j + ")");
        }
        labels[j][r] = row.get(j);
      }
      Integer dup = firstLine.putIfAbsent(row.get(0), line);
      if (dup != null) {
        throw new HierarchyException(source + ":" + line + ":1: the value of this row is already listed on line " + dup
            + " (each original value must appear once)");
      }
      domain.add(row.get(0));
      for (int j = 1; j < depth; j++) {
        Integer seen = parentLine.get(j).putIfAbsent(row.get(j - 1), line);
        if (seen != null && !rows.get(seen - 1).get(j).equals(row.get(j))) {
          throw new HierarchyException(source + ":" + line + ":" + (j + 1) + ": not a hierarchy: the level-" + (j - 1)
              + " label in column " + j + " is the same as on line " + seen + ", but its level-" + j
              + " generalization differs (a level must not split a group of the previous level)");
        }
      }
    }
    return new GeneralizationHierarchy(source, domain, labels);
  }

  /**
   * An automatic hierarchy for a numeric column: level 1 groups values into intervals
   * {@code [lo, hi)} of width {@code width} starting at the smallest value, each further level
   * doubles the width (so every interval splits into exactly two of the level below), until one
   * interval holds every value; the last level is {@code *}.
   *
   * @param column the column name, for messages
   * @param values the column's values (duplicates allowed); all must be decimal numbers
   * @param width the width of the level-1 intervals, > 0
   */
  public static GeneralizationHierarchy numeric(String column, Collection<String> values, double width) {
    if (!(width > 0) || !Double.isFinite(width)) {
      throw new IllegalArgumentException("width must be > 0 and finite. Provided value: " + width);
    }
    String source = "automatic numeric hierarchy of column '" + column + "'";
    List<String> domain = new ArrayList<>(new LinkedHashSet<>(values));
    if (domain.isEmpty()) throw new HierarchyException(source + ": the column has no values");
    double[] x = new double[domain.size()];
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      try {
        x[i] = Double.parseDouble(domain.get(i).trim());
      } catch (NumberFormatException | NullPointerException e) {
        throw new HierarchyException(source + ": a value is not a number (value #" + (i + 1) + " of the distinct values)");
      }
      if (!Double.isFinite(x[i])) throw new HierarchyException(source + ": a value is not a finite number");
      min = Math.min(min, x[i]);
    }
    List<String[]> levels = new ArrayList<>();
    levels.add(domain.toArray(new String[0]));
    double w = width;
    while (true) {
      String[] lab = new String[x.length];
      TreeSet<Long> buckets = new TreeSet<>();
      for (int i = 0; i < x.length; i++) {
        long b = (long) Math.floor((x[i] - min) / w);
        buckets.add(b);
        lab[i] = "[" + fmt(min + b * w) + ", " + fmt(min + (b + 1) * w) + ")";
      }
      levels.add(lab);
      if (buckets.size() == 1 || levels.size() > 64) break;
      w *= 2;
    }
    String[] star = new String[x.length];
    java.util.Arrays.fill(star, "*");
    levels.add(star);
    return new GeneralizationHierarchy(source, domain, levels.toArray(new String[0][]));
  }

  /**
   * An automatic hierarchy for an ISO-8601 date column ({@code yyyy-MM-dd}): day, month
   * ({@code yyyy-MM}), year ({@code yyyy}), {@code *}.
   */
  public static GeneralizationHierarchy dates(String column, Collection<String> values) {
    String source = "automatic date hierarchy of column '" + column + "'";
    List<String> domain = new ArrayList<>(new LinkedHashSet<>(values));
    if (domain.isEmpty()) throw new HierarchyException(source + ": the column has no values");
    String[][] labels = new String[4][domain.size()];
    for (int i = 0; i < domain.size(); i++) {
      LocalDate d;
      try {
        d = LocalDate.parse(domain.get(i).trim());
      } catch (DateTimeParseException | NullPointerException e) {
        throw new HierarchyException(source + ": a value is not an ISO date yyyy-MM-dd (value #" + (i + 1) + " of the distinct values)");
      }
      labels[0][i] = domain.get(i);
      labels[1][i] = String.format(java.util.Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue());
      labels[2][i] = String.format(java.util.Locale.ROOT, "%04d", d.getYear());
      labels[3][i] = "*";
    }
    return new GeneralizationHierarchy(source, domain, labels);
  }

  private static String fmt(double v) {
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return "GeneralizationHierarchy{" + source + ", " + domain.size() + " values, " + labels.length + " levels}";
  }
}
