package dev.veil.privacy.detect.eval;

/**
 * One gold (hand- or generator-labelled) span of a {@link LabelledText}: its entity type as
 * written in the dataset (for example {@code ADDRESS} or {@code PERSON}) and {@code [start, end)}
 * in UTF-16 offsets of the Java string. Never holds the labelled text itself. Immutable.
 */
public record LabelledSpan(String entityType, int start, int end) {
  public LabelledSpan {
    if (entityType == null || entityType.isBlank()) {
      throw new IllegalArgumentException("entityType must be non-blank. Provided value: " + entityType);
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("span must have 0 <= start <= end. Provided value: [" + start + ", " + end + ")");
    }
  }
}
