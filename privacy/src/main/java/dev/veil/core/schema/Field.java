package dev.veil.core.schema;

import java.io.Serializable;

/**
 * One typed, tagged field of a {@link Schema}. Names are case-sensitive, may not be empty, may not
 * contain a backtick or a control character, and may not start with {@code _veil_} (reserved for
 * the engine adapters' bookkeeping columns). Immutable.
 */
public record Field(String name, FieldType type, boolean nullable, Tags tags) implements Serializable {

  /** Prefix reserved for Veil's internal columns. */
  public static final String RESERVED_PREFIX = "_veil_";

  public Field {
    checkName(name);
    if (type == null) {
      throw new IllegalArgumentException("type of field '" + name + "' must not be null. Provided value: null");
    }
    tags = tags == null ? Tags.NONE : tags;
  }

  /** A nullable field without tags. */
  public static Field of(String name, FieldType type) {
    return new Field(name, type, true, Tags.NONE);
  }

  public Field withType(FieldType t) {
    return new Field(name, t, nullable, tags);
  }

  public Field withTags(Tags t) {
    return new Field(name, type, nullable, t);
  }

  public Field withName(String n) {
    return new Field(n, type, nullable, tags);
  }

  /** Checks a field name against the rules in the class comment. */
  public static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("field name must be a non-empty string. Provided value: '" + name + "'");
    }
    if (name.startsWith(RESERVED_PREFIX)) {
      throw new IllegalArgumentException(
          "field name must not start with '" + RESERVED_PREFIX + "' (reserved for Veil). Provided value: '" + name + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '`' || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "field name must not contain a backtick or control character. Provided value: '" + name + "'");
      }
    }
  }
}
