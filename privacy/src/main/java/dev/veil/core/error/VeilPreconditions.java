package dev.veil.core.error;

import java.util.Collection;
import java.util.Objects;

/**
 * The one place where Veil's argument checks live, so every message has the same shape:
 * {@code "<name> must be <condition>. Provided value: <value>"}.
 *
 * <p>Only configuration values are ever put into a message, never record values (which may be PII).
 * All methods are static and thread-safe.
 */
public final class VeilPreconditions {
  private VeilPreconditions() {}

  /** Fails with {@link IllegalArgumentException} when {@code value} is null or blank. */
  public static String checkNotBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must be a non-empty string. Provided value: " + quote(value));
    }
    return value;
  }

  /** Fails when {@code value} is null. */
  public static <T> T checkNotNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null. Provided value: null");
    }
    return value;
  }

  /** Fails when {@code collection} is null or empty. */
  public static <C extends Collection<?>> C checkNotEmpty(C collection, String name) {
    if (collection == null || collection.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty. Provided value: " + collection);
    }
    return collection;
  }

  /** Fails unless {@code min <= value <= max}. */
  public static long checkInRange(long value, long min, long max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be >= " + min + " and <= " + max + ". Provided value: " + value);
    }
    return value;
  }

  /** Fails unless {@code value} is finite and {@code min <= value <= max}. */
  public static double checkInRange(double value, double min, double max, String name) {
    if (!Double.isFinite(value) || value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be >= " + min + " and <= " + max + " and finite. Provided value: " + value);
    }
    return value;
  }

  /** Fails with {@code message} (already in the standard shape) unless {@code condition} holds. */
  public static void checkArgument(boolean condition, String name, String mustBe, Object provided) {
    if (!condition) {
      throw new IllegalArgumentException(name + " must be " + mustBe + ". Provided value: " + quote(provided));
    }
  }

  private static String quote(Object value) {
    return value instanceof String ? "'" + value + "'" : Objects.toString(value);
  }
}
