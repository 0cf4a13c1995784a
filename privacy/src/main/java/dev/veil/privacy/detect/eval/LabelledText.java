package dev.veil.privacy.detect.eval;

import java.util.List;

/**
 * A text with its gold PII spans, as in one record of the Presidio-research JSON format. Offsets
 * are UTF-16 offsets of {@link #text()} (the reader converts the format's code-point offsets).
 * Holds personal data when the dataset does: callers must not log it. Immutable.
 */
public record LabelledText(String text, List<LabelledSpan> spans) {
  public LabelledText {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    spans = List.copyOf(spans);
    for (LabelledSpan s : spans) {
      if (s.end() > text.length()) {
        throw new IllegalArgumentException(
            "span end must be <= text length " + text.length() + ". Provided value: " + s.end());
      }
    }
  }
}
