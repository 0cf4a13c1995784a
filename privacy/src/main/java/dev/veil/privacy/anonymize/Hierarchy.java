package dev.veil.privacy.anonymize;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generalization hierarchy for one attribute, in ARX's CSV format: one line per value,
 * {@code value;level1;level2;...}, every line with the same number of levels, the last level usually
 * {@code *}. Level 0 is the value itself; {@link #levels()} counts level 0 too, so valid levels are
 * {@code 0 .. levels() - 1}.
 *
 * <p>Validated when loaded: no empty cell, every line of the same depth, no value listed twice, and
 * a real hierarchy (a label at one level has exactly one parent at the next level). Each error names
 * the file and line (and never quotes a cell, since hierarchies may be built from data values).
 * Immutable, serializable and thread-safe.
 */
public final class Hierarchy implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final int levels;
  private final Map<String, String[]> rows;

  private Hierarchy(String file, int levels, Map<String, String[]> rows) {
    this.file = file;
    this.levels = levels;
    this.rows = rows;
  }

  /** Loads and validates a {@code ;}-separated hierarchy file (UTF-8). */
  public static Hierarchy load(Path file) {
    try {
      return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8), ';');
    } catch (IOException e) {
      throw new IllegalArgumentException("hierarchy file " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Parses and validates the lines of a hierarchy; {@code name} is used in error messages.
   *
   * @throws IllegalArgumentException naming the file and line of the first problem
   */
  public static Hierarchy parse(String name, List<String> lines, char delimiter) {
    int depth = -1;
    int firstLine = 0;
    Map<String, String[]> rows = new LinkedHashMap<>();
    Map<String, Integer> rowLine = new HashMap<>();
    List<Map<String, String>> parent = new java.util.ArrayList<>();
    List<Map<String, Integer>> parentLine = new java.util.ArrayList<>();
    int last = lines.size();
    while (last > 0 && lines.get(last - 1).isBlank()) last--;
    for (int li = 0; li < last; li++) {
      int lineNo = li + 1;
      String line = lines.get(li);
      if (li == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
      String[] cells = line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
      for (int c = 0; c < cells.length; c++) {
        if (cells[c].isEmpty()) {
          throw new IllegalArgumentException("hierarchy file " + name + " line " + lineNo + ": missing value in column " + (c + 1)
              + " (level " + c + "); every cell must be filled");
        }
      }
      if (cells.length < 2) {
        throw new IllegalArgumentException("hierarchy file " + name + " line " + lineNo
            + ": a line needs a value and at least one level, separated by '" + delimiter + "'");
      }
      if (depth < 0) {
        depth = cells.length;
        firstLine = lineNo;
        for (int l = 0; l < depth - 1; l++) {
          parent.add(new HashMap<>());
          parentLine.add(new HashMap<>());
        }
      } else if (cells.length != depth) {
        throw new IllegalArgumentException("hierarchy file " + name + " line " + lineNo + ": has " + cells.length
            + " levels but line " + firstLine + " has " + depth + "; every line must have the same number of levels");
      }
      Integer dup = rowLine.putIfAbsent(cells[0], lineNo);
      if (dup != null) {
        throw new IllegalArgumentException("hierarchy file " + name + " line " + lineNo + ": the value of line " + dup
            + " is listed again; list each value once");
      }
      for (int l = 1; l < depth - 1; l++) {
        String prev = parent.get(l).putIfAbsent(cells[l], cells[l + 1]);
        if (prev == null) {
          parentLine.get(l).put(cells[l], lineNo);
        } else if (!prev.equals(cells[l + 1])) {
          throw new IllegalArgumentException("hierarchy file " + name + " line " + lineNo + ": not a hierarchy: the level-" + l
              + " label of this line has a different level-" + (l + 1) + " parent on line " + parentLine.get(l).get(cells[l])
              + "; each label must generalize to exactly one parent");
        }
      }
      rows.put(cells[0], cells);
    }
    if (depth < 0) {
      throw new IllegalArgumentException("hierarchy file " + name + " is empty; it needs one line per value: value;level1;...");
    }
    return new Hierarchy(name, depth, rows);
  }

  /** The file (or name) this hierarchy came from. */
  public String file() {
    return file;
  }

  /** The number of levels, level 0 (the value itself) included. */
  public int levels() {
    return levels;
  }

  /** The values of level 0. */
  public Set<String> values() {
    return java.util.Collections.unmodifiableSet(rows.keySet());
  }

  public boolean contains(String value) {
    return rows.containsKey(value);
  }

  /**
   * The label of {@code value} at {@code level} (level 0 returns the value).
   *
   * @throws IllegalArgumentException when level is out of range
   * @throws UnencodableValueException when the value is not in the hierarchy (without the value)
   */
  public String generalize(String value, int level) {
    if (level < 0 || level >= levels) {
      throw new IllegalArgumentException("level must be >= 0 and <= " + (levels - 1) + " for hierarchy file " + file
          + ". Provided value: " + level);
    }
    String[] row = rows.get(value);
    if (row == null) {
      throw new UnencodableValueException("the value is missing from hierarchy file " + file + "; add a line for it");
    }
    return row[level];
  }

  /**
   * Checks that every one of {@code values} is in the hierarchy.
   *
   * @throws IllegalArgumentException naming the column, the file and how many values are missing
   */
  public void checkCovers(Collection<String> values, String column) {
    long missing = values.stream().filter(v -> v != null && !rows.containsKey(v)).distinct().count();
    if (missing > 0) {
      throw new IllegalArgumentException("column '" + column + "' has " + missing + " distinct value(s) missing from hierarchy file "
          + file + "; every value must have a line");
    }
  }
}
