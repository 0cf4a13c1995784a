package dev.veil.cli;

/**
 * The exit codes of the {@code veil} command, stable for scripts and schedulers.
 *
 * <pre>
 * 0  success (dead letters, if any, are in the report and the dead-letter output)
 * 1  the engine or Veil failed unexpectedly (a bug or an environment problem; see the message)
 * 2  the command line is wrong (unknown option, missing argument)
 * 3  the pipeline spec or configuration is invalid (the message names file, line and key)
 * 4  an input cannot be read (missing file, unreadable Parquet, unusable header)
 * 5  the share of dead-lettered records exceeded --max-dead-letter-ratio
 * 6  the run's counts do not reconcile (input != output + filtered + dead-letter); never expected
 * 7  privacy budget refused, a DP job released nothing: a cap would be exceeded, the dataset has no policy, or the run id was already committed
 * 8  the budget request waits for a privacy officer's approval ({@code veil budget approve})
 * 9  the budget ledger's hash chain does not verify (the first bad entry is named)
 * 10 the budget ledger is unreachable or not initialised ({@code veil budget init})
 * </pre>
 */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int BAD_SPEC = 3;
  public static final int BAD_INPUT = 4;
  public static final int TOO_MANY_DEAD_LETTERS = 5;
  public static final int NOT_RECONCILED = 6;
  public static final int BUDGET_REFUSED = 7;
  public static final int BUDGET_PENDING_APPROVAL = 8;
  public static final int LEDGER_CHAIN_BROKEN = 9;
  public static final int LEDGER_UNAVAILABLE = 10;

  /** The text shown under every command's --help. */
  public static final String HELP = "%nExit codes:%n"
      + "  0  success (dead letters are listed in the report)%n"
      + "  1  unexpected failure in the engine or Veil%n"
      + "  2  wrong command line%n"
      + "  3  invalid pipeline spec or configuration%n"
      + "  4  unreadable input (missing file, bad Parquet, unusable header)%n"
      + "  5  dead-letter share above --max-dead-letter-ratio%n"
      + "  6  run counts do not reconcile (never expected)%n"
      + "  7  privacy budget refused, nothing released (a cap, no policy, or a run id already committed)%n"
      + "  8  the budget request waits for an officer's approval (veil budget approve)%n"
      + "  9  the budget ledger's hash chain does not verify (the first bad entry is named)%n"
      + " 10  the budget ledger is unreachable or not initialised (veil budget init)%n";
}
