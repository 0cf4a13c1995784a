package dev.veil.privacy.detect;

/**
 * A condition on a text's shared lexical scan ({@link TextScan}) that holds in every text in which a
 * recognizer can find a span: the second stage of the {@link Prefilter}. The {@link Analyzer} first
 * keeps the recognizers whose prefilter fires on the text's profile, then, for those declaring a
 * condition ({@link Recognizer#scanCondition()}), checks it on the one scan of the text and skips
 * the recognizers for which it fails, so most texts call a handful of recognizers instead of every
 * one whose digits or capitals are present. A condition reads facts the scan computes once per
 * text for all recognizers, so checking one costs a few comparisons.
 *
 * <p>It holds when both parts hold:
 *
 * <ul>
 *   <li><b>digit windows</b> (when {@link #digitWindows} is not 0): some window of consecutive
 *       groups of a delimited digit-group token holds a digit count whose bit is set
 *       ({@link TextScan#windowDigitCounts()}, built by {@link #digitWindows(int, int)});
 *   <li><b>run characters</b> (when {@link #runCharacters} is above 0): some token run holds at
 *       least that many characters of the kind given by {@link #runLower} and
 *       {@link #runPunctuation} ({@link TextScan#maxRunCharacters(boolean, boolean)}).
 * </ul>
 *
 * <p>Like a prefilter, a condition is an optimization that must never reject a text in which the
 * recognizer would find a span; the built-in recognizers use the same condition as the early exit of
 * their own {@code find}, and a test checks the contract for each. Immutable, thread-safe and
 * serializable (a recognizer may keep one in a field).
 *
 * @param digitWindows the {@link TextScan#windowDigitCounts()} bits of which one must be set, or 0
 *     for no digit-window part
 * @param runCharacters the fewest characters of the given kind one token run must hold, or 0 for
 *     no run part
 * @param runLower whether ASCII lower-case letters count towards {@code runCharacters}
 * @param runPunctuation whether the run punctuation {@code - _ . + / ~} counts towards it
 */
public record ScanCondition(long digitWindows, int runCharacters, boolean runLower, boolean runPunctuation)
    implements java.io.Serializable {
  /** The condition that always holds (no part). */
  public static final ScanCondition NONE = new ScanCondition(0, 0, false, false);

  public ScanCondition {
    if (runCharacters < 0) {
      throw new IllegalArgumentException("runCharacters must be >= 0. Provided value: " + runCharacters);
    }
  }

  /**
   * Holds when some window of groups of a delimited digit-group token holds {@code min..max} digits
   * (the candidates of a {@code DigitGroupRecognizer}).
   */
  public static ScanCondition digitWindows(int min, int max) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("digit windows need 1 <= min <= max. Provided values: " + min + ", " + max);
    }
    return new ScanCondition(TextScan.windowDigitsMask(min, max), 0, false, false);
  }

  /**
   * Holds when some token run holds at least {@code n} ASCII upper-case letters and digits, counting
   * lower-case letters too when {@code lower} and the run punctuation when {@code punctuation}.
   */
  public static ScanCondition runCharacters(int n, boolean lower, boolean punctuation) {
    return new ScanCondition(0, n, lower, punctuation);
  }

  /** Whether this condition has no part (it always holds; the analyzer does not check it). */
  public boolean none() {
    return digitWindows == 0 && runCharacters == 0;
  }

  /** Whether the text of {@code scan} satisfies this condition. */
  public boolean holds(TextScan scan) {
    if (digitWindows != 0 && (scan.windowDigitCounts() & digitWindows) == 0) return false;
    return runCharacters == 0 || scan.maxRunCharacters(runLower, runPunctuation) >= runCharacters;
  }
}
