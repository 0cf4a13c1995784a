package dev.veil.pipelines;

/**
 * Bookkeeping columns the engine adapters carry next to the user's fields (names start with the
 * reserved prefix {@code _veil_}, so they cannot clash): where a record came from and, once a stage
 * removed it, which stage and why. They never reach the sink.
 */
public final class SystemColumns {
  private SystemColumns() {}

  /** int: index of the source file. */
  public static final String FILE = "_veil_file";
  /** long: 1-based line where the record starts. */
  public static final String LINE = "_veil_line";
  /** int: index of the stage that removed the record (0 = source); null while alive. */
  public static final String STAGE = "_veil_stage";
  /** string: reason code, or {@link #FILTERED} for records a filter dropped. */
  public static final String REASON = "_veil_reason";
  /** string: the message of the dead letter. */
  public static final String MESSAGE = "_veil_message";
  /** string: the field at fault. */
  public static final String FIELD = "_veil_field";
  /** string: JSON of the record as the failing stage received it (Spark adapter; dead rows only). */
  public static final String RECORD = "_veil_record";
  /** string: the raw record of a malformed source record. */
  public static final String RAW = "_veil_raw";

  /** {@link #REASON} of records removed by a filter (counted, not dead-lettered). */
  public static final String FILTERED = "FILTERED";
}
