package dev.veil.core.schema;

/** How sensitive a field is; ordered from least to most sensitive. */
public enum Sensitivity {
  PUBLIC,
  INTERNAL,
  CONFIDENTIAL,
  RESTRICTED;

  /** The more sensitive of the two. */
  public Sensitivity max(Sensitivity other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
