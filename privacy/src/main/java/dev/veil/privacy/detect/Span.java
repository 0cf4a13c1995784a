package dev.veil.privacy.detect;

import dev.veil.core.schema.PiiClass;

/**
 * A piece of personal data found in a text: {@code [start, end)} in UTF-16 offsets of the Java
 * string, with a score in [0, 1], the recognizer that found it, and a short explanation (which
 * pattern and validator fired). Never holds the matched text itself.
 */
public record Span(PiiClass entity, int start, int end, double score, String recognizer, String explanation) {
  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("span must have 0 <= start <= end. Provided value: [" + start + ", " + end + ")");
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be >= 0 and <= 1. Provided value: " + score);
    }
  }

  public boolean overlaps(Span o) {
    return start < o.end && o.start < end;
  }
}
