package dev.veil.core.error;

/**
 * Machine-readable reasons a record is dead-lettered. Stable strings: tools downstream group on
 * them. Later stages may use their own codes; these are the ones the foundation emits.
 */
public final class ReasonCode {
  private ReasonCode() {}

  /** A delimited row has more or fewer fields than the header. */
  public static final String WRONG_FIELD_COUNT = "WRONG_FIELD_COUNT";
  /** The bytes of a record are not valid in the declared charset. */
  public static final String INVALID_ENCODING = "INVALID_ENCODING";
  /** One field is longer than the source's {@code maxFieldChars}. */
  public static final String FIELD_TOO_LARGE = "FIELD_TOO_LARGE";
  /** One record is longer than the source's {@code maxRecordChars}. */
  public static final String RECORD_TOO_LARGE = "RECORD_TOO_LARGE";
  /** A quote is not closed, or text follows a closing quote. */
  public static final String MALFORMED_QUOTING = "MALFORMED_QUOTING";
  /** A JSON line does not parse or is not an object. */
  public static final String MALFORMED_JSON = "MALFORMED_JSON";
  /** A value does not have the type the schema declares. */
  public static final String TYPE_MISMATCH = "TYPE_MISMATCH";
  /** A JSON record has a field the schema does not declare. */
  public static final String UNEXPECTED_FIELD = "UNEXPECTED_FIELD";
  /** A {@code cast} stage could not convert a value. */
  public static final String CAST_FAILED = "CAST_FAILED";
  /** A filter stage configured with {@code onReject: dead-letter} rejected the record. */
  public static final String REJECTED_BY_FILTER = "REJECTED_BY_FILTER";
}
