package dev.veil.core.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The tags a field carries through a pipeline. Tags are attached by declaration (the source's
 * {@code tags:} map) or by stages (detection tags PII classes, masking marks fields masked) and
 * drive every later stage: masking picks fields by PII class, DP aggregation reads the privacy-unit
 * tag, lineage records what was masked.
 *
 * <p>In specs a tag is written as one string: {@code pii:EMAIL_ADDRESS}, {@code sensitivity:restricted},
 * {@code privacy-unit}, {@code label}, {@code event-time}, {@code free-text}, {@code masked}, and
 * {@code transformed:<operator>} (set by the stage that masked or pseudonymized the field: {@code mask},
 * {@code hash}, {@code tokenize}, {@code ff1}, {@code generalize}, ...; implies {@code masked}), which
 * minimization policies check.
 *
 * <p>Immutable and thread-safe.
 */
public record Tags(
    SortedSet<PiiClass> piiClasses,
    Sensitivity sensitivity,
    boolean privacyUnit,
    boolean label,
    boolean eventTime,
    boolean freeText,
    boolean masked,
    SortedSet<String> transforms)
    implements Serializable {

  /** No tags: not PII, {@link Sensitivity#INTERNAL}. */
  public static final Tags NONE =
      new Tags(new TreeSet<>(), Sensitivity.INTERNAL, false, false, false, false, false, new TreeSet<>());

  /** All tag words a spec may use, for error messages. */
  public static final String ALLOWED = "pii:<CLASS>, sensitivity:<public|internal|confidential|restricted>, privacy-unit, label, "
      + "event-time, free-text, masked, transformed:<operator>";

  /** Tags without transforms. */
  public Tags(SortedSet<PiiClass> piiClasses, Sensitivity sensitivity, boolean privacyUnit, boolean label, boolean eventTime,
      boolean freeText, boolean masked) {
    this(piiClasses, sensitivity, privacyUnit, label, eventTime, freeText, masked, new TreeSet<>());
  }

  public Tags {
    piiClasses = Collections.unmodifiableSortedSet(new TreeSet<>(piiClasses));
    TreeSet<String> tr = new TreeSet<>();
    if (transforms != null) {
      for (String t : transforms) {
        if (t == null || !t.matches("[a-z][a-z0-9-]{0,31}")) {
          throw new IllegalArgumentException("transform must be a lower-case operator name like 'hash'. Provided value: '" + t + "'");
        }
        tr.add(t);
      }
    }
    transforms = Collections.unmodifiableSortedSet(tr);
    if (!transforms.isEmpty()) masked = true;
    if (sensitivity == null) {
      throw new IllegalArgumentException("sensitivity must not be null. Provided value: null");
    }
  }

  /** Whether any PII class is attached. */
  public boolean isPii() {
    return !piiClasses.isEmpty();
  }

  /** A copy with {@code pii} added; sensitivity is raised to at least CONFIDENTIAL. */
  public Tags withPii(PiiClass pii) {
    TreeSet<PiiClass> set = new TreeSet<>(piiClasses);
    set.add(pii);
    return new Tags(set, sensitivity.max(Sensitivity.CONFIDENTIAL), privacyUnit, label, eventTime, freeText, masked, transforms);
  }

  public Tags withSensitivity(Sensitivity s) {
    return new Tags(piiClasses, s, privacyUnit, label, eventTime, freeText, masked, transforms);
  }

  public Tags withFreeText(boolean b) {
    return new Tags(piiClasses, sensitivity, privacyUnit, label, eventTime, b, masked, transforms);
  }

  public Tags withMasked(boolean b) {
    return new Tags(piiClasses, sensitivity, privacyUnit, label, eventTime, freeText, b, b ? transforms : new TreeSet<>());
  }

  /** A copy marked masked and transformed by {@code operator} (like {@code "hash"}). */
  public Tags withTransform(String operator) {
    TreeSet<String> t = new TreeSet<>(transforms);
    t.add(operator);
    return new Tags(piiClasses, sensitivity, privacyUnit, label, eventTime, freeText, true, t);
  }

  /** Applies one spec tag word (see the class comment) and returns the result. */
  public Tags with(String word) {
    String w = word == null ? "" : word.trim();
    String lower = w.toLowerCase(Locale.ROOT);
    if (lower.startsWith("pii:")) {
      return withPii(PiiClass.of(w.substring(4).trim().toUpperCase(Locale.ROOT)));
    }
    if (lower.startsWith("transformed:")) {
      return withTransform(lower.substring("transformed:".length()).trim());
    }
    if (lower.startsWith("sensitivity:")) {
      String level = lower.substring("sensitivity:".length()).trim();
      try {
        return withSensitivity(Sensitivity.valueOf(level.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "sensitivity must be one of public, internal, confidential, restricted. Provided value: '" + level + "'");
      }
    }
    switch (lower) {
      case "privacy-unit": return new Tags(piiClasses, sensitivity, true, label, eventTime, freeText, masked, transforms);
      case "label": return new Tags(piiClasses, sensitivity, privacyUnit, true, eventTime, freeText, masked, transforms);
      case "event-time": return new Tags(piiClasses, sensitivity, privacyUnit, label, true, freeText, masked, transforms);
      case "free-text": return withFreeText(true);
      case "masked": return withMasked(true);
      default:
        throw new IllegalArgumentException("tag must be one of " + ALLOWED + ". Provided value: '" + word + "'");
    }
  }

  /** Parses a list of spec tag words. */
  public static Tags parse(Collection<String> words) {
    Tags t = NONE;
    for (String w : words) {
      t = t.with(w);
    }
    return t;
  }

  /** The spec words that reproduce these tags ({@code parse(toWords()).equals(this)}). */
  public List<String> toWords() {
    List<String> out = new ArrayList<>();
    for (PiiClass c : piiClasses) {
      out.add("pii:" + c.name());
    }
    // omit only the sensitivity parse() implies: INTERNAL, raised to CONFIDENTIAL by a pii word
    if (sensitivity != (isPii() ? Sensitivity.CONFIDENTIAL : Sensitivity.INTERNAL)) {
      out.add("sensitivity:" + sensitivity.name().toLowerCase(Locale.ROOT));
    }
    if (privacyUnit) out.add("privacy-unit");
    if (label) out.add("label");
    if (eventTime) out.add("event-time");
    if (freeText) out.add("free-text");
    if (masked) out.add("masked");
    for (String t : transforms) out.add("transformed:" + t);
    return out;
  }

  @Override
  public String toString() {
    return String.join(",", toWords());
  }
}
