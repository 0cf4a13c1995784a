package dev.veil.privacy.detect;

import java.util.Arrays;
import java.util.Locale;

/**
 * The shared lexical pass over one text: the pieces of tokenization that several recognizers and
 * the {@link Analyzer} need, computed once per text instead of once per recognizer. The parts are
 * built together on first use of any of them, in one linear pass, and kept with the text:
 *
 * <ul>
 *   <li><b>digit groups</b>: every maximal token of ASCII digit groups joined by single {@code ' '}
 *       or {@code '-'} (the candidates of the digit-group recognizers: cards, SSNs, NHS numbers...),
 *       with each group's offsets and length, whether the token stands alone (no letter, digit,
 *       {@code _} or decimal point touching it), and the digits of a window of groups made once for
 *       all the recognizers that ask;
 *   <li><b>token runs</b>: every maximal run of ASCII letters, digits and {@code - _ . + / ~}
 *       (the superset of every one-token identifier's characters), with counts of upper-case
 *       letters and digits and of lower-case letters, so a token recognizer skips the runs too
 *       short to hold its token;
 *   <li><b>words</b>: every maximal run of letters and digits ({@link Character#isLetterOrDigit}),
 *       the tokens of the analyzer's context window, with their lower-case forms made on demand.
 * </ul>
 *
 * <p>{@link #of(String)} keeps the scan of the last text seen on the current thread, compared by
 * identity, so the recognizers the analyzer runs one after another on the same string share one
 * scan. The scan holds a reference to that string until the thread scans another text; it never
 * copies, logs or exposes it. Instances are not thread-safe (each belongs to one thread); the
 * cache is per thread, so concurrent callers never share one.
 */
public final class TextScan {
  private static final ThreadLocal<TextScan> LAST = new ThreadLocal<>();

  private final String text;

  // digit groups: token t spans groups [tokFirst[t], tokFirst[t + 1]); group g is [gs[g], ge[g])
  private int tokens = -1;
  private int[] tokFirst;
  private int[] gs;
  private int[] ge;
  private int maxTokenDigits;
  private int[] tokDigits;
  // token t's group lengths at [tokFirst[t] + t, tokFirst[t + 1] + t), each token's followed by a 0
  private int[] lens;
  private boolean[] tokDelimited;
  // the digits of the window of groups [a, a + w], made on first request (w < WINDOW_CACHE)
  private String[][] windowDigits;
  private static final int WINDOW_CACHE = 24;

  // words: [ws[w], we[w]), lower-case form made on demand
  private int words = -1;
  private int[] ws;
  private int[] we;
  private String[] lower;

  // token runs: [rs[r], re[r]), with the counts of [A-Z0-9] and [a-z] characters in each
  private int runs = -1;
  private int[] rs;
  private int[] re;
  private int[] rUpperDigit;
  private int[] rLower;
  // the largest of each count over all runs: [A-Z0-9], [A-Za-z0-9], all but [a-z], all run characters
  private int maxRunUpperDigit;
  private int maxRunAlnum;
  private int maxRunNotLower;
  private int maxRunLength;

  // per-word context-word masks of one analyzer (see Analyzer#wordMask)
  private Object contextOwner;
  private long[][] contextMasks;

  private TextScan(String text) {
    this.text = text;
  }

  /** The scan of {@code text}: the current thread's cached one when it is the same string object. */
  public static TextScan of(String text) {
    TextScan s = LAST.get();
    if (s != null && s.text == text) return s;
    s = new TextScan(text);
    LAST.set(s);
    return s;
  }

  /** The scanned text. */
  public String text() {
    return text;
  }

  // ------------------------------------------------------------------ digit groups

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Whether {@code c} is a letter, digit or {@code _}: a character a digit-group token (and the
   * number-like identifiers of other recognizers) may not touch.
   */
  public static boolean isIdentifierChar(char c) {
    return c < 128 ? ASCII_IDENTIFIER[c] : Character.isLetterOrDigit(c);
  }

  /**
   * Whether a number token may start at {@code start} of {@code text}: no letter, digit, {@code _}
   * or decimal point ({@code .} or {@code ,} after a digit) before it. Shared by the digit-group
   * scan and the recognizers of number-like identifiers.
   */
  public static boolean leftDelimited(String text, int start) {
    if (start == 0) return true;
    char p = text.charAt(start - 1);
    if (isIdentifierChar(p)) return false;
    return !((p == '.' || p == ',') && start >= 2 && isDigit(text.charAt(start - 2)));
  }

  /**
   * Whether a number token may end at {@code end} of {@code text}: no letter, digit, {@code _} or
   * decimal point ({@code .} or {@code ,} before a digit) after it.
   */
  public static boolean rightDelimited(String text, int end) {
    if (end >= text.length()) return true;
    char c = text.charAt(end);
    if (isIdentifierChar(c)) return false;
    return !((c == '.' || c == ',') && end + 1 < text.length() && isDigit(text.charAt(end + 1)));
  }

  /** The number of digit-group tokens. */
  public int digitTokens() {
    if (tokens < 0) scan();
    return tokens;
  }

  /** The most digits any one digit-group token holds (0 when there is none). */
  public int maxTokenDigits() {
    if (tokens < 0) scan();
    return maxTokenDigits;
  }

  /**
   * The digit counts of every window of consecutive groups of a {@link #tokenDelimited delimited}
   * digit-group token, as bits: bit {@code d} (1 to 62) when some window holds exactly {@code d}
   * digits, bit 63 when one holds 63 or more. A digit-group recognizer needing {@code min..max}
   * digits finds nothing when none of those bits is set (see {@link #windowDigitsMask(int, int)}).
   * Computed once per text, on first use.
   */
  public long windowDigitCounts() {
    if (tokens < 0) scan();
    if (!windowCountsKnown) {
      long m = 0;
      for (int t = 0; t < tokens; t++) {
        if (!tokDelimited[t]) continue;
        int l0 = tokFirst[t] + t;
        int k = tokFirst[t + 1] - tokFirst[t];
        for (int a = 0; a < k; a++) {
          int d = 0;
          // each group holds a digit, so a window reaches 63 digits within 63 groups and every longer
          // one is past it too: at most 63 steps per start, linear in the groups however long the token
          for (int b = a; b < k; b++) {
            d += lens[l0 + b];
            if (d >= 63) {
              m |= 1L << 63;
              break;
            }
            m |= 1L << d;
          }
        }
      }
      windowCounts = m;
      windowCountsKnown = true;
    }
    return windowCounts;
  }

  /** The {@link #windowDigitCounts} bits of the digit counts {@code min..max} ({@code min >= 1}). */
  public static long windowDigitsMask(int min, int max) {
    if (min > 63) return 1L << 63;
    long upTo = max >= 63 ? -1L : (1L << (max + 1)) - 1; // bits 0..max
    return upTo & (-1L << min);
  }

  private long windowCounts;
  private boolean windowCountsKnown;

  /** The number of digits of digit-group token {@code t}. */
  public int tokenDigits(int t) {
    if (tokens < 0) scan();
    return tokDigits[t];
  }

  /** The index of the first group of digit-group token {@code t}; groups of token t are {@code [first(t), first(t + 1))}. */
  public int firstGroup(int t) {
    if (tokens < 0) scan();
    return tokFirst[t];
  }

  /**
   * Whether digit-group token {@code t} stands alone: neither a letter, digit or {@code _} nor a
   * decimal point ({@code .} or {@code ,} with a digit beyond it) touches it on either side.
   */
  public boolean tokenDelimited(int t) {
    if (tokens < 0) scan();
    return tokDelimited[t];
  }

  /**
   * The group lengths of every digit-group token, shared (callers must not write to it): token
   * {@code t}'s groups are at {@code [firstGroup(t) + t, firstGroup(t + 1) + t)}, and the slot after
   * each token's last group holds 0.
   */
  public int[] groupLengths() {
    if (tokens < 0) scan();
    return lens;
  }

  /**
   * The ASCII digits of groups {@code a..b} (inclusive, group indexes of one token) without their
   * separators, {@code digits} of them; the same string for every caller asking about the same
   * window of this text.
   */
  public String windowDigits(int a, int b, int digits) {
    int w = b - a;
    if (w >= WINDOW_CACHE) return digitsOf(a, b, digits);
    if (windowDigits == null) windowDigits = new String[gs.length][];
    String[] row = windowDigits[a];
    if (row == null) {
      row = new String[WINDOW_CACHE];
      windowDigits[a] = row;
    }
    String d = row[w];
    if (d == null) {
      d = digitsOf(a, b, digits);
      row[w] = d;
    }
    return d;
  }

  private String digitsOf(int a, int b, int digits) {
    char[] cs = new char[digits];
    int k = 0;
    for (int g = a; g <= b; g++) {
      text.getChars(gs[g], ge[g], cs, k);
      k += ge[g] - gs[g];
    }
    return new String(cs);
  }

  /** The start offset of group {@code g}. */
  public int groupStart(int g) {
    return gs[g];
  }

  /** The end offset (exclusive) of group {@code g}. */
  public int groupEnd(int g) {
    return ge[g];
  }

  // ------------------------------------------------------------------ token runs

  /**
   * Whether {@code c} is a run character: an ASCII letter or digit or one of {@code - _ . + / ~},
   * the widest character class of any one-token identifier (see
   * {@link dev.veil.privacy.detect.recognizers.TokenRecognizer}).
   */
  public static boolean isRunChar(char c) {
    return c < 128 && RUN[c] != 0;
  }

  // per ASCII character: 0 (not a run character), R_LOWER, R_UPPER_DIGIT or R_OTHER
  private static final byte R_LOWER = 1;
  private static final byte R_UPPER_DIGIT = 2;
  private static final byte R_OTHER = 4;
  private static final byte[] RUN = new byte[128];
  // per ASCII character: whether Character.isLetterOrDigit
  private static final boolean[] ASCII_WORD = new boolean[128];
  // per ASCII character: whether Character.isLetterOrDigit or '_'
  private static final boolean[] ASCII_IDENTIFIER = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) RUN[c] = R_LOWER;
    for (char c = 'A'; c <= 'Z'; c++) RUN[c] = R_UPPER_DIGIT;
    for (char c = '0'; c <= '9'; c++) RUN[c] = R_UPPER_DIGIT;
    for (char c : "-_.+/~".toCharArray()) RUN[c] = R_OTHER;
    for (char c = 0; c < 128; c++) ASCII_WORD[c] = Character.isLetterOrDigit(c);
    for (char c = 0; c < 128; c++) ASCII_IDENTIFIER[c] = Character.isLetterOrDigit(c) || c == '_';
  }

  private static boolean isWordChar(char c) {
    return c < 128 ? ASCII_WORD[c] : Character.isLetterOrDigit(c);
  }

  // per ASCII character: its RUN kind bits, and whether it is a word character and a digit
  private static final byte C_RUN = R_LOWER | R_UPPER_DIGIT | R_OTHER;
  private static final byte C_WORD = 8;
  private static final byte C_DIGIT = 16;
  private static final byte[] KIND = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      KIND[c] = (byte) (RUN[c] | (ASCII_WORD[c] ? C_WORD : 0) | (c >= '0' && c <= '9' ? C_DIGIT : 0));
    }
  }

  /**
   * The three parts in one pass over the text: token runs, words and digit groups each open at the
   * first character of their class and close at the first character outside it; a digit group
   * starting right after a single {@code ' '} or {@code '-'} that follows the previous group
   * continues that group's token.
   */
  private void scan() {
    String t = text;
    int n = t.length();
    int cap = n / 4 + 2; // about one run and one word per five characters: most texts need no growth
    int[] rS = new int[cap];
    int[] rE = new int[cap];
    int[] ud = new int[cap];
    int[] lo = new int[cap];
    int rk = 0;
    int[] wS = new int[cap];
    int[] wE = new int[cap];
    int wk = 0;
    int[] first = new int[17];
    int[] gS = new int[16];
    int[] gE = new int[16];
    int gk = 0;
    int nt = 0;
    int run = -1; // start of the open run, word and group, -1 when none is open
    int word = -1;
    int group = -1;
    int lastGroupEnd = -2;
    int u = 0;
    int l = 0;
    int mud = 0;
    int malnum = 0;
    int mnotlower = 0;
    int mlen = 0;
    for (int i = 0; i <= n; i++) {
      int k;
      char c = 0;
      if (i < n) {
        c = t.charAt(i);
        k = c < 128 ? KIND[c] : Character.isLetterOrDigit(c) ? C_WORD : 0;
      } else {
        k = 0; // closes whatever is open
      }
      if ((k & C_RUN) != 0) {
        if (run < 0) {
          run = i;
          u = 0;
          l = 0;
        }
        // counted without a branch on the kind: letters, digits and punctuation alternate unpredictably
        l += k & R_LOWER;
        u += (k & R_UPPER_DIGIT) >>> 1;
      } else if (run >= 0) {
        if (rk == rS.length) {
          rS = Arrays.copyOf(rS, rk * 2);
          rE = Arrays.copyOf(rE, rk * 2);
          ud = Arrays.copyOf(ud, rk * 2);
          lo = Arrays.copyOf(lo, rk * 2);
        }
        rS[rk] = run;
        rE[rk] = i;
        ud[rk] = u;
        lo[rk] = l;
        rk++;
        mud = Math.max(mud, u);
        malnum = Math.max(malnum, u + l);
        mnotlower = Math.max(mnotlower, i - run - l);
        mlen = Math.max(mlen, i - run);
        run = -1;
      }
      if ((k & C_WORD) != 0) {
        if (word < 0) word = i;
      } else if (word >= 0) {
        if (wk == wS.length) {
          wS = Arrays.copyOf(wS, wk * 2);
          wE = Arrays.copyOf(wE, wk * 2);
        }
        wS[wk] = word;
        wE[wk] = i;
        wk++;
        word = -1;
      }
      if ((k & C_DIGIT) != 0) {
        if (group < 0) {
          group = i;
          char p;
          if (lastGroupEnd != i - 1 || (p = t.charAt(i - 1)) != ' ' && p != '-') {
            if (nt + 1 >= first.length) first = Arrays.copyOf(first, first.length * 2);
            first[nt++] = gk;
          }
        }
      } else if (group >= 0) {
        if (gk == gS.length) {
          gS = Arrays.copyOf(gS, gk * 2);
          gE = Arrays.copyOf(gE, gk * 2);
        }
        gS[gk] = group;
        gE[gk] = i;
        gk++;
        lastGroupEnd = i;
        group = -1;
      }
    }
    rs = rS;
    re = rE;
    rUpperDigit = ud;
    rLower = lo;
    maxRunUpperDigit = mud;
    maxRunAlnum = malnum;
    maxRunNotLower = mnotlower;
    maxRunLength = mlen;
    runs = rk;
    ws = wS;
    we = wE;
    lower = new String[wk];
    words = wk;
    first[nt] = gk;
    int most = 0;
    int[] td = new int[nt];
    int[] ls = new int[gk + nt];
    boolean[] del = new boolean[nt];
    for (int x = 0; x < nt; x++) {
      int d = 0;
      for (int g = first[x]; g < first[x + 1]; g++) {
        int len = gE[g] - gS[g];
        ls[g + x] = len;
        d += len;
      }
      td[x] = d;
      most = Math.max(most, d);
      del[x] = leftDelimited(t, gS[first[x]]) && rightDelimited(t, gE[first[x + 1] - 1]);
    }
    tokDigits = td;
    maxTokenDigits = most;
    lens = ls;
    tokDelimited = del;
    tokFirst = first;
    gs = gS;
    ge = gE;
    tokens = nt;
  }

  /** The number of token runs: maximal runs of {@link #isRunChar} characters. */
  public int runs() {
    if (runs < 0) scan();
    return runs;
  }

  /**
   * The most characters of one kind any one token run holds: with {@code lower} and
   * {@code punctuation} false, the most ASCII upper-case letters and digits ({@link #runUpperOrDigits});
   * with {@code lower}, ASCII letters and digits; with {@code punctuation}, those and {@code - _ . + / ~}
   * too. 0 when there is no run. A recognizer needing more such characters in one run than this skips
   * the runs altogether.
   */
  public int maxRunCharacters(boolean lower, boolean punctuation) {
    if (runs < 0) scan();
    if (punctuation) return lower ? maxRunLength : maxRunNotLower;
    return lower ? maxRunAlnum : maxRunUpperDigit;
  }

  /** The start offset of run {@code r}. */
  public int runStart(int r) {
    return rs[r];
  }

  /** The end offset (exclusive) of run {@code r}. */
  public int runEnd(int r) {
    return re[r];
  }

  /** How many characters of run {@code r} are ASCII upper-case letters or digits. */
  public int runUpperOrDigits(int r) {
    return rUpperDigit[r];
  }

  /** How many characters of run {@code r} are ASCII lower-case letters. */
  public int runLower(int r) {
    return rLower[r];
  }

  // ------------------------------------------------------------------ words

  /** The number of word tokens (maximal runs of letters and digits). */
  public int words() {
    if (words < 0) scan();
    return words;
  }

  /** The start offset of word {@code w}. */
  public int wordStart(int w) {
    return ws[w];
  }

  /** The end offset (exclusive) of word {@code w}. */
  public int wordEnd(int w) {
    return we[w];
  }

  /** Word {@code w} in lower case ({@link Locale#ROOT}), made once per text. */
  public String lowerWord(int w) {
    String l = lower[w];
    if (l == null) {
      l = text.substring(ws[w], we[w]).toLowerCase(Locale.ROOT);
      lower[w] = l;
    }
    return l;
  }

  /**
   * The slots for {@code owner}'s per-word context masks, one per word, null until the owner fills
   * them; a different owner gets fresh slots.
   */
  long[][] contextMasks(Object owner) {
    if (contextOwner != owner) {
      contextOwner = owner;
      contextMasks = new long[words()][];
    }
    return contextMasks;
  }

  /** The index of the first word whose end is after {@code offset} ({@link #words()} when none). */
  public int firstWordEndingAfter(int offset) {
    if (words < 0) scan();
    int lo = 0;
    int hi = words;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (we[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index of the first word starting at or after {@code offset} ({@link #words()} when none). */
  public int firstWordStartingAtOrAfter(int offset) {
    if (words < 0) scan();
    int lo = 0;
    int hi = words;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ws[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
