package dev.veil.privacy.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.veil.core.schema.PiiClass;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A recognizer declared without code: a regular expression, an optional named validator
 * ({@link Validators}), a score, context words, column-name hints and prefilter anchors. This is
 * what {@code recognizers:} entries of a detection config file become.
 *
 * <p>The expression runs on RE2J, whose matching time is linear in the text length whatever the
 * pattern, so a user-declared pattern cannot backtrack catastrophically. A match must start and end
 * at a word boundary unless the pattern itself begins or ends with a non-word character, so
 * {@code EMP-[0-9]{6}} does not match inside {@code XEMP-1234567}.
 *
 * <p>Immutable, serializable (the pattern is recompiled after deserialization) and thread-safe.
 */
public final class PatternRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final PiiClass entity;
  private final String regex;
  private final String validator;
  private final double score;
  private final List<String> context;
  private final List<String> nameHints;
  private final Prefilter prefilter;
  private transient volatile Pattern pattern;
  private transient volatile Predicate<String> check;

  /**
   * @param validator a name known to {@link Validators}, or null for none
   * @param anchors literals one of which every match contains (for the prefilter); empty to run on every text
   * @throws IllegalArgumentException on a bad pattern, validator or score, naming it
   */
  public PatternRecognizer(String id, PiiClass entity, String regex, String validator, double score,
      List<String> context, List<String> nameHints, List<String> anchors) {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("recognizer id must be non-empty");
    if (!(score > 0 && score <= 1)) {
      throw new IllegalArgumentException("score of recognizer '" + id + "' must be > 0 and <= 1. Provided value: " + score);
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("pattern of recognizer '" + id + "' is not a valid RE2 expression: "
          + (e.getMessage() == null ? "missing" : e.getMessage()));
    }
    if (validator != null) Validators.named(validator);
    this.id = id;
    this.entity = entity;
    this.regex = regex;
    this.validator = validator;
    this.score = score;
    this.context = context == null ? List.of() : List.copyOf(context);
    this.nameHints = nameHints == null ? List.of() : List.copyOf(nameHints);
    this.prefilter = anchors == null || anchors.isEmpty() ? Prefilter.always() : Prefilter.anchors(anchors.toArray(String[]::new));
  }

  private Pattern pattern() {
    Pattern p = pattern;
    if (p == null) {
      p = Pattern.compile(regex);
      pattern = p;
    }
    return p;
  }

  private boolean check(String matched) {
    if (validator == null) return true;
    Predicate<String> c = check;
    if (c == null) {
      c = Validators.named(validator);
      check = c;
    }
    return c.test(matched);
  }

  @Override
  public PiiClass entity() {
    return entity;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    return !v.isEmpty() && pattern().matches(v) && check(v);
  }

  @Override
  public List<String> nameHints() {
    return nameHints;
  }

  @Override
  public List<String> contextWords() {
    return context;
  }

  @Override
  public Prefilter prefilter() {
    return prefilter;
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null || text.isEmpty()) return out;
    Matcher m = pattern().matcher(text);
    int from = 0;
    while (from <= text.length() && m.find(from)) {
      int s = m.start();
      int e = m.end();
      if (e == s) {
        from = s + 1;
        continue;
      }
      if (bounded(text, s, e) && check(text.substring(s, e))) {
        out.add(new Span(entity, s, e, score, id, "pattern of '" + id + "'" + (validator == null ? "" : " + " + validator)));
        from = e;
      } else {
        from = s + 1;
      }
    }
    return out;
  }

  private static boolean bounded(String t, int s, int e) {
    boolean left = s == 0 || !isWord(t.charAt(s - 1)) || !isWord(t.charAt(s));
    boolean right = e == t.length() || !isWord(t.charAt(e)) || !isWord(t.charAt(e - 1));
    return left && right;
  }

  private static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
