package dev.veil.core.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An ordered list of uniquely named {@link Field}s: the engine-neutral shape of a record at one
 * point of a pipeline. Immutable and thread-safe; {@code equals} compares names, types, nullability
 * and tags.
 */
public final class Schema implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Field> fields;
  private final Map<String, Integer> index;

  private Schema(List<Field> fields) {
    this.fields = List.copyOf(fields);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      if (idx.put(fields.get(i).name(), i) != null) {
        throw new IllegalArgumentException(
            "field names must be unique. Provided value: '" + fields.get(i).name() + "' appears twice");
      }
    }
    this.index = Collections.unmodifiableMap(idx);
  }

  public static Schema of(List<Field> fields) {
    return new Schema(fields);
  }

  public static Schema of(Field... fields) {
    return new Schema(List.of(fields));
  }

  public List<Field> fields() {
    return fields;
  }

  public int size() {
    return fields.size();
  }

  public Field field(int i) {
    return fields.get(i);
  }

  public List<String> names() {
    List<String> names = new ArrayList<>(fields.size());
    for (Field f : fields) {
      names.add(f.name());
    }
    return names;
  }

  public Optional<Field> find(String name) {
    Integer i = index.get(name);
    return i == null ? Optional.empty() : Optional.of(fields.get(i));
  }

  public boolean has(String name) {
    return index.containsKey(name);
  }

  /** Index of {@code name}, or -1. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /**
   * The field called {@code name}.
   *
   * @throws IllegalArgumentException naming the fields that exist
   */
  public Field require(String name, String usedBy) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          usedBy + " refers to field '" + name + "', which does not exist here. Fields available: " + names());
    }
    return fields.get(i);
  }

  /** A copy with field {@code name} replaced by {@code f.apply(old)}. */
  public Schema replace(String name, UnaryOperator<Field> f) {
    List<Field> out = new ArrayList<>(fields);
    int i = indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("field '" + name + "' does not exist. Fields available: " + names());
    }
    out.set(i, f.apply(out.get(i)));
    return new Schema(out);
  }

  /** A copy with {@code f} appended, or replacing the field of the same name in place. */
  public Schema put(Field f) {
    List<Field> out = new ArrayList<>(fields);
    int i = indexOf(f.name());
    if (i < 0) {
      out.add(f);
    } else {
      out.set(i, f);
    }
    return new Schema(out);
  }

  /** A copy holding only {@code names}, in that order. */
  public Schema project(List<String> names) {
    List<Field> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(require(n, "projection"));
    }
    return new Schema(out);
  }

  /** Each field as {@code {name, type, tags}} with spec words, for reports and {@code _veil_schema.json}. */
  public List<java.util.Map<String, Object>> describe() {
    List<java.util.Map<String, Object>> out = new ArrayList<>();
    for (Field f : fields) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("name", f.name());
      m.put("type", f.type().specName());
      m.put("tags", f.tags().toWords());
      out.add(m);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s && s.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Schema{");
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      if (i > 0) sb.append(", ");
      sb.append(f.name()).append(':').append(f.type().specName());
      if (!f.tags().toWords().isEmpty()) sb.append(f.tags().toWords());
    }
    return sb.append('}').toString();
  }
}
