package dev.veil.core.schema;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * A class of personal data, named like Microsoft Presidio's entity types where they mean the same
 * thing ({@code EMAIL_ADDRESS}, {@code PHONE_NUMBER}, {@code PERSON}, {@code US_SSN}, ...), so
 * results interoperate. The set is open: recognizers and users may declare new classes.
 */
public record PiiClass(String name) implements Comparable<PiiClass>, Serializable {
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  public static final PiiClass EMAIL_ADDRESS = new PiiClass("EMAIL_ADDRESS");
  public static final PiiClass PHONE_NUMBER = new PiiClass("PHONE_NUMBER");
  public static final PiiClass PERSON = new PiiClass("PERSON");
  public static final PiiClass CREDIT_CARD = new PiiClass("CREDIT_CARD");
  public static final PiiClass US_SSN = new PiiClass("US_SSN");
  public static final PiiClass STREET_ADDRESS = new PiiClass("STREET_ADDRESS");
  public static final PiiClass DATE_TIME = new PiiClass("DATE_TIME");

  /** @throws IllegalArgumentException unless the name is upper-case letters, digits and '_' */
  public PiiClass {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "PII class must match [A-Z][A-Z0-9_]* (like EMAIL_ADDRESS). Provided value: '" + name + "'");
    }
  }

  public static PiiClass of(String name) {
    return new PiiClass(name);
  }

  @Override
  public int compareTo(PiiClass o) {
    return name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
