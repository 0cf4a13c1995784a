package dev.veil.core.stage.builtin;

import dev.veil.core.schema.Field;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks shared by the built-in stages. */
final class Names {
  private Names() {}

  static List<String> checkColumns(List<String> columns, String param) {
    if (columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException(param + " must list at least one field. Provided value: " + columns);
    }
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      Field.checkName(c);
      if (!seen.add(c)) {
        throw new IllegalArgumentException(param + " must not list a field twice. Provided value: '" + c + "' appears twice");
      }
    }
    return List.copyOf(columns);
  }
}
