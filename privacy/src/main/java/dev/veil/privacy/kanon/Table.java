package dev.veil.privacy.kanon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A small in-memory table for the single-machine algorithms: a header, rows of strings (a null
 * cell is a missing value) and, for messages, the source name and each row's line number.
 * Rows are not copied; the caller must not change them while an algorithm runs. Immutable apart
 * from that; thread-safe for reading.
 *
 * @param source file name (or description) for messages
 * @param header column names, unique
 * @param rows the records, each as long as the header
 * @param lines the 1-based line number of each row in {@code source}, for messages
 */
public record Table(String source, List<String> header, List<String[]> rows, int[] lines) {
  public Table {
    header = List.copyOf(header);
    rows = Collections.unmodifiableList(rows);
    if (lines.length != rows.size()) {
      throw new IllegalArgumentException("lines must have one entry per row. Provided value: " + lines.length + " for " + rows.size() + " rows");
    }
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).length != header.size()) {
        throw new IllegalArgumentException(source + ":" + lines[i] + ": the row has " + rows.get(i).length + " fields, the header " + header.size());
      }
    }
  }

  /** A table whose row {@code i} is reported as line {@code i + 2} (after a header line). */
  public static Table of(String source, List<String> header, List<String[]> rows) {
    int[] lines = new int[rows.size()];
    for (int i = 0; i < lines.length; i++) lines[i] = i + 2;
    return new Table(source, header, new ArrayList<>(rows), lines);
  }

  /** Number of rows. */
  public int size() {
    return rows.size();
  }

  /**
   * Index of column {@code name}.
   *
   * @throws IllegalArgumentException naming the column and the columns there are, if absent
   */
  public int column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("column '" + name + "' does not exist in " + source + ". Columns: " + String.join(", ", header));
    }
    return i;
  }
}
