package dev.veil.privacy.detect;

import dev.veil.core.stage.Finding;
import dev.veil.core.stage.RecordInspector;
import java.util.List;
import java.util.function.Consumer;

/**
 * The per-record half of {@code detect}: for each inspected field, either counts the value when it
 * validates as the field's entity (a structured column), or finds the spans of every entity in it
 * with the {@link Analyzer} (a free-text column). Runs on every record the engines process, so the
 * run report counts findings over the whole data, not only the plan-time sample.
 *
 * <p>Never throws: a value a recognizer fails on (a bug, not bad data) is reported as the finding
 * {@code column/UNSCANNED} instead of failing the run, so nothing escapes the stage. Serializable
 * and thread-safe.
 */
final class DetectInspector implements RecordInspector {
  private static final long serialVersionUID = 1L;

  /** One inspected field: a structured recognizer, or a free-text analyzer. */
  record Target(String column, Recognizer structured, Analyzer freeText) implements java.io.Serializable {}

  private final List<Target> targets;

  DetectInspector(List<Target> targets) {
    this.targets = List.copyOf(targets);
  }

  List<Target> targets() {
    return targets;
  }

  @Override
  public void inspect(Object[] inputs, Consumer<Finding> out) {
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      if (!(inputs[i] instanceof String v) || v.isEmpty()) continue;
      try {
        if (t.structured() != null) {
          if (t.structured().validates(v)) {
            out.accept(new Finding(t.column(), t.structured().entity().name(), 0, v.codePointCount(0, v.length()), 1.0));
          }
        } else {
          // spans are ordered by start and do not overlap: convert UTF-16 offsets to code points in one walk
          int utf16 = 0;
          int cp = 0;
          for (Span s : t.freeText().analyze(v)) {
            cp += Character.codePointCount(v, utf16, s.start());
            int startCp = cp;
            cp += Character.codePointCount(v, s.start(), s.end());
            utf16 = s.end();
            out.accept(new Finding(t.column(), s.entity().name(), startCp, cp, s.score()));
          }
        }
      } catch (RuntimeException e) {
        out.accept(new Finding(t.column(), "UNSCANNED", 0, 0, 0));
      }
    }
  }
}
