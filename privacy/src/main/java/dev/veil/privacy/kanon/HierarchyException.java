package dev.veil.privacy.kanon;

import dev.veil.core.error.SpecException;

/**
 * A generalization hierarchy is unusable: a row of the wrong depth, an empty label, a value listed
 * twice, a level that is not a function of the previous level (not a hierarchy), or a data value
 * the hierarchy does not contain. The message names the file, line and column in the form
 * {@code file:line:column: what is wrong}; it never contains a label or data value, which may be
 * personal data.
 */
public final class HierarchyException extends SpecException {
  private static final long serialVersionUID = 1L;

  public HierarchyException(String message) {
    super(message);
  }
}
