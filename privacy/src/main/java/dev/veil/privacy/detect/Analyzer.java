package dev.veil.privacy.detect;

import dev.veil.core.schema.PiiClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds personal data in free text with a set of recognizers, the way every Veil stage does it:
 *
 * <ol>
 *   <li><b>One scan.</b> The text is profiled once ({@link TextProfile}: one pass stepping an
 *       Aho-Corasick automaton over every recognizer's literal anchors and counting digits,
 *       upper-case letters and character shapes), and only recognizers whose {@link Prefilter}
 *       fires run; their validators run only on their own candidates. Tokenization the recognizers
 *       share is done once per text ({@link TextScan}).
 *   <li><b>Context.</b> A span with one of its recognizer's {@link Recognizer#contextWords()} (or
 *       the configured extra words for its entity) within the context window gets its score raised
 *       by the boost, to at least {@code minScoreWithContext}; the explanation names the word.
 *   <li><b>Threshold and allow list.</b> Spans below {@code minScore} and spans whose text is on
 *       the allow list are dropped.
 *   <li><b>Conflicts.</b> Overlapping spans are resolved greedily: higher score first, then the
 *       longer span, then the earlier one. The result is non-overlapping and ordered by start.
 * </ol>
 *
 * <p>Offsets are UTF-16 indexes of the Java string. Privacy: spans never carry the matched text;
 * explanations name patterns, validators and context words only. Thread-safe and serializable (the
 * anchor automaton is rebuilt lazily after deserialization); cost is linear in the text length
 * plus the recognizers' own linear scans.
 */
public final class Analyzer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Recognizer> recognizers;
  private final AnalyzerConfig config;
  private final List<Set<String>> contextWords = new ArrayList<>();
  private final List<List<List<String>>> contextPhrases = new ArrayList<>();
  /**
   * The prefilters as recognizer bit masks (bit {@code i}: recognizer {@code i}), so one text's
   * firing recognizers are a few ORs instead of a check per recognizer: those run on every text;
   * those firing on an upper-case letter; by digit count {@code d} (capped at the largest threshold),
   * those needing at most {@code d} digits; by shape combination; by anchor id.
   */
  private final long[] firesAlways;
  private final long[] firesUpper;
  private final long[][] firesDigits;
  private final long[][] firesShapes;
  private final long[][] firesAnchor;
  private final java.util.Map<String, Integer> anchorIndex = new java.util.HashMap<>();
  private transient volatile AnchorMatcher anchorMatcher;
  private transient volatile ContextTable contextTable;
  /**
   * Every recognizer's context words as one table: a lower-case word to the recognizers (one bit per
   * recognizer index) whose context it is, matched exactly ({@link #contextExact}) and, for words of
   * four or more characters, as the beginning of a longer token ({@link #contextPrefix}). A window
   * token is looked up once per text ({@link #wordMask}) instead of once per span and recognizer.
   */
  private final Map<String, long[]> contextExact = new java.util.HashMap<>();
  private final Map<String, long[]> contextPrefix = new java.util.HashMap<>();
  private final int contextMaxPrefix;
  private final int maskWords;

  public Analyzer(List<Recognizer> recognizers, AnalyzerConfig config) {
    this.recognizers = List.copyOf(recognizers);
    this.config = config;
    // each recognizer's prefilter, asked once, with its anchors as indexes into anchorIndex
    Prefilter[] prefilters = new Prefilter[this.recognizers.size()];
    int[][] prefilterAnchors = new int[this.recognizers.size()][];
    for (int i = 0; i < prefilters.length; i++) {
      prefilters[i] = this.recognizers.get(i).prefilter();
      List<String> anchors = new ArrayList<>(prefilters[i].anchors());
      prefilterAnchors[i] = new int[anchors.size()];
      for (int k = 0; k < anchors.size(); k++) {
        prefilterAnchors[i][k] = anchorIndex.computeIfAbsent(anchors.get(k), a -> anchorIndex.size());
      }
    }
    int width = (prefilters.length + 63) >>> 6;
    firesAlways = new long[width];
    firesUpper = new long[width];
    int maxDigits = 0;
    for (Prefilter f : prefilters) maxDigits = Math.max(maxDigits, f.minDigits());
    firesDigits = new long[maxDigits + 1][width];
    firesShapes = new long[Prefilter.ALL_SHAPES + 1][width];
    firesAnchor = new long[anchorIndex.size()][width];
    for (int i = 0; i < prefilters.length; i++) {
      Prefilter f = prefilters[i];
      if (f.everyText()) setBit(firesAlways, i);
      if (f.upperCase()) setBit(firesUpper, i);
      if (f.minDigits() > 0) {
        for (int d = f.minDigits(); d <= maxDigits; d++) setBit(firesDigits[d], i);
      }
      for (int sh = 1; sh <= Prefilter.ALL_SHAPES; sh++) {
        if ((f.shapes() & sh) != 0) setBit(firesShapes[sh], i);
      }
      for (int id : prefilterAnchors[i]) setBit(firesAnchor[id], i);
    }
    for (Recognizer r : this.recognizers) {
      Set<String> words = new HashSet<>();
      List<List<String>> phrases = new ArrayList<>();
      List<String> all = new ArrayList<>(r.contextWords());
      AnalyzerConfig.EntityContext ec = config.entities().get(r.entity());
      if (ec != null) all.addAll(ec.words());
      for (String w : all) {
        List<String> toks = tokens(w);
        if (toks.size() == 1) {
          words.add(toks.get(0));
        } else if (toks.size() > 1) {
          phrases.add(toks);
        }
      }
      contextWords.add(words);
      contextPhrases.add(phrases);
    }
    maskWords = (this.recognizers.size() + 63) >>> 6;
    int maxPrefix = 0;
    for (int i = 0; i < contextWords.size(); i++) {
      for (String w : contextWords.get(i)) {
        setBit(contextExact.computeIfAbsent(w, k -> new long[maskWords]), i);
        if (w.length() >= 4) {
          setBit(contextPrefix.computeIfAbsent(w, k -> new long[maskWords]), i);
          maxPrefix = Math.max(maxPrefix, w.length());
        }
      }
    }
    contextMaxPrefix = maxPrefix;
  }

  private static void setBit(long[] mask, int i) {
    mask[i >>> 6] |= 1L << i;
  }

  private static boolean hasBit(long[] mask, int i) {
    int k = i >>> 6;
    return k < mask.length && (mask[k] & (1L << i)) != 0;
  }

  private static final long[] NO_CONTEXT = new long[0];

  /**
   * The recognizers whose context words {@code token} (lower case) matches. A context word matches a
   * token equal to it, or one it begins when it has 4+ characters and the token is longer
   * ("passport" in "passports").
   * {@link #NO_CONTEXT} when none.
   */
  long[] contextMask(String token) {
    long[] exact = contextExact.get(token);
    long[] m = null;
    int n = token.length();
    int last = Math.min(n - 1, contextMaxPrefix);
    for (int len = 4; len <= last; len++) {
      long[] p = contextPrefix.get(token.substring(0, len));
      if (p == null) continue;
      if (m == null) m = exact == null ? new long[maskWords] : exact.clone();
      for (int k = 0; k < maskWords; k++) m[k] |= p[k];
    }
    if (m != null) return m;
    return exact == null ? NO_CONTEXT : exact;
  }

  /**
   * {@code explanation + "; context word '" + word + "'"}, built with one sized builder: the
   * concatenation's method-handle path showed up in profiles of context scoring.
   */
  private static String contextExplanation(String explanation, String word) {
    return new StringBuilder(explanation.length() + word.length() + 17)
        .append(explanation).append("; context word '").append(word).append('\'').toString();
  }

  /** Whether offset {@code i} lies strictly inside a word of the scan (a letter or digit on both sides). */
  private static boolean cutsWord(String text, int i) {
    return i > 0 && i < text.length() && Character.isLetterOrDigit(text.charAt(i - 1)) && Character.isLetterOrDigit(text.charAt(i));
  }

  /**
   * The last text's union of word masks on this thread, with the analyzer and scan it belongs to.
   * Like {@link TextScan}'s per-thread cache, it keeps a reference to the last analyzer and scan
   * (and so to that text) until the thread analyzes another text; it never copies or logs the text.
   */
  private static final class Union {
    Object owner;
    TextScan scan;
    long[] mask;
  }

  private static final ThreadLocal<Union> UNION = ThreadLocal.withInitial(Union::new);

  /**
   * The union of {@link #wordMask} over every word of the text: the recognizers with a context word
   * somewhere in it (whole words; a word cut by a span is not covered). Computed once per text and
   * analyzer on each thread.
   */
  private long[] unionMask(TextScan scan) {
    Union u = UNION.get();
    if (u.owner != this || u.scan != scan) {
      long[] m = new long[maskWords];
      for (int w = 0, words = scan.words(); w < words; w++) {
        long[] wm = wordMask(scan, w);
        for (int k = 0; k < wm.length; k++) m[k] |= wm[k];
      }
      u.owner = this;
      u.scan = scan;
      u.mask = m;
    }
    return u.mask;
  }

  /** {@link #contextMask} of word {@code w} of the scan, computed once per text and analyzer. */
  private long[] wordMask(TextScan scan, int w) {
    long[][] masks = scan.contextMasks(this);
    long[] m = masks[w];
    if (m == null) {
      m = contextTable().maskOf(scan.text(), scan.wordStart(w), scan.wordEnd(w));
      if (m == ContextTable.NOT_ASCII) m = contextTable().maskOfLower(scan.lowerWord(w));
      masks[w] = m;
    }
    return m;
  }

  /** {@link #contextMask} of {@code text[from, to)} in lower case (a word cut by a span's boundary). */
  private long[] rangeMask(String text, int from, int to) {
    long[] m = contextTable().maskOf(text, from, to);
    return m == ContextTable.NOT_ASCII ? contextTable().maskOfLower(text.substring(from, to).toLowerCase(Locale.ROOT)) : m;
  }

  ContextTable contextTable() {
    ContextTable t = contextTable;
    if (t == null) {
      t = new ContextTable(contextExact, contextPrefix, contextMaxPrefix, NO_CONTEXT);
      contextTable = t;
    }
    return t;
  }

  public List<Recognizer> recognizers() {
    return recognizers;
  }

  public AnalyzerConfig config() {
    return config;
  }

  /** The entity types these recognizers find. */
  public Set<PiiClass> entities() {
    Set<PiiClass> s = new LinkedHashSet<>();
    recognizers.forEach(r -> s.add(r.entity()));
    return s;
  }

  private AnchorMatcher anchorMatcher() {
    AnchorMatcher m = anchorMatcher;
    if (m == null) {
      m = AnchorMatcher.of(anchorIndex);
      anchorMatcher = m;
    }
    return m;
  }

  /** The anchor matcher of this analyzer's prefilters, for tests of {@link #fired}. */
  AnchorMatcher anchorMatcherForTest() {
    return anchorMatcher();
  }

  /** Non-overlapping findings in {@code text}, ordered by start; empty for null or empty text. */
  public List<Span> analyze(String text) {
    if (text == null || text.isEmpty()) return List.of();
    List<Span> candidates = candidates(text);
    if (candidates.isEmpty()) return List.of();
    return resolve(candidates);
  }

  /**
   * Every span above the minimum score after context scoring and the allow list, before conflicts
   * are resolved (spans may overlap). For explanations and evaluation.
   */
  public List<Span> candidates(String text) {
    if (text == null || text.isEmpty()) return List.of();
    TextProfile profile = TextProfile.of(text, anchorMatcher());
    List<Span> out = new ArrayList<>();
    long[] fired = fired(profile);
    Hot hot = hot();
    narrow(text, fired, hot);
    for (int w = 0; w < fired.length; w++) {
      for (long bits = fired[w]; bits != 0; bits &= bits - 1) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        addFound(text, i, out, hot);
      }
    }
    return out;
  }

  /**
   * Clears from {@code fired} the recognizers whose {@link Recognizer#scanCondition()} fails on the
   * text's shared scan (the prefilter's second stage). The scan is built only when a fired recognizer
   * has a condition, and such a recognizer would build it in its own {@code find} anyway.
   */
  private static void narrow(String text, long[] fired, Hot hot) {
    TextScan scan = null;
    for (int w = 0; w < fired.length; w++) {
      for (long bits = fired[w] & hot.conditional[w]; bits != 0; bits &= bits - 1) {
        int i = (w << 6) + Long.numberOfTrailingZeros(bits);
        if (scan == null) scan = TextScan.of(text);
        if (!hot.conditions[i].holds(scan)) fired[w] &= ~(1L << i);
      }
    }
  }

  /** Recognizer {@code i}'s spans in {@code text}, context-scored, above the threshold and not allowed, added to {@code out}. */
  private void addFound(String text, int i, List<Span> out, Hot hot) {
    for (Span s : hot.recognizers[i].find(text)) {
      Span scored = hot.context[i] ? withContext(text, s, i, hot) : s;
      if (scored.score() < hot.minScore) continue;
      if (hot.allowList
          && config.allowList().contains(text.substring(scored.start(), scored.end()).trim().toLowerCase(Locale.ROOT))) {
        continue;
      }
      out.add(scored);
    }
  }

  /**
   * What {@link #addFound} and {@link #withContext} ask per recognizer and span, read once: the
   * recognizers as an array (a {@code List.get} per recognizer and text went through an interface
   * call), whether each has context words or phrases ({@link #withContext} returns a span of one
   * without either unchanged), each one's entity with that entity's context window and boost, the
   * minimum score and whether there is an allow list, and each one's scan condition. Built on first
   * use (also after deserialization) from the final fields; a race builds an equal one.
   */
  private static final class Hot {
    final Recognizer[] recognizers;
    final boolean[] context;
    final PiiClass[] entities;
    final int[] windows;
    final double[] boosts;
    final double minScore;
    final boolean allowList;
    /** Each recognizer's {@link Recognizer#scanCondition()}, and as bits the recognizers with one. */
    final ScanCondition[] conditions;
    final long[] conditional;

    Hot(Analyzer a) {
      recognizers = a.recognizers.toArray(new Recognizer[0]);
      int n = recognizers.length;
      conditions = new ScanCondition[n];
      conditional = new long[(n + 63) >>> 6];
      for (int i = 0; i < n; i++) {
        conditions[i] = recognizers[i].scanCondition();
        if (!conditions[i].none()) setBit(conditional, i);
      }
      context = new boolean[n];
      entities = new PiiClass[n];
      windows = new int[n];
      boosts = new double[n];
      for (int i = 0; i < n; i++) {
        context[i] = !a.contextWords.get(i).isEmpty() || !a.contextPhrases.get(i).isEmpty();
        entities[i] = recognizers[i].entity();
        windows[i] = a.config.windowFor(entities[i]);
        boosts[i] = a.config.boostFor(entities[i]);
      }
      minScore = a.config.minScore();
      allowList = !a.config.allowList().isEmpty();
    }
  }

  private transient volatile Hot hot;

  private Hot hot() {
    Hot h = hot;
    if (h == null) {
      h = new Hot(this);
      hot = h;
    }
    return h;
  }

  /**
   * The recognizers whose prefilter fires on the text of {@code p}, as bits in recognizer order:
   * exactly those for which {@link Prefilter#fires} holds, from the precomputed masks.
   */
  long[] fired(TextProfile p) {
    long[] m = firesAlways.clone();
    if (p.upperCase() > 0) or(m, firesUpper);
    int d = Math.min(p.digits(), firesDigits.length - 1);
    if (d > 0) or(m, firesDigits[d]);
    if (p.shapes() != 0) or(m, firesShapes[p.shapes()]);
    for (int w = 0, words = p.anchorWords(); w < words; w++) {
      for (long bits = p.anchorWord(w); bits != 0; bits &= bits - 1) {
        int id = (w << 6) + Long.numberOfTrailingZeros(bits);
        if (id < firesAnchor.length) or(m, firesAnchor[id]);
      }
    }
    return m;
  }

  private static void or(long[] into, long[] bits) {
    for (int k = 0; k < into.length; k++) into[k] |= bits[k];
  }

  /** {@code s} context-scored; recognizer {@code recognizerIndex} has context words or phrases ({@link Hot#context}). */
  private Span withContext(String text, Span s, int recognizerIndex, Hot hot) {
    Set<String> words = contextWords.get(recognizerIndex);
    List<List<String>> phrases = contextPhrases.get(recognizerIndex);
    // the recognizer's own entity (nearly every span's) has its window and boost read once; another
    // entity is looked up (a map keyed by entity: its equals and hash cost more than the rest here)
    boolean own = s.entity() == hot.entities[recognizerIndex];
    int window = own ? hot.windows[recognizerIndex] : config.windowFor(s.entity());
    if (window == 0) return s;
    TextScan scan = TextScan.of(text);
    // no context word of this recognizer anywhere in the text (and no word cut by the span, whose
    // parts are looked up on their own): no word of any window can match
    if (phrases.isEmpty() && !cutsWord(text, s.start()) && !cutsWord(text, s.end()) && !hasBit(unionMask(scan), recognizerIndex)) {
      return s;
    }
    String hit = words.isEmpty() ? null : contextHit(scan, s.start(), s.end(), window, recognizerIndex);
    if (hit == null && !phrases.isEmpty()) {
      List<String> around = window(scan, s.start(), s.end(), window);
      for (List<String> p : phrases) {
        boolean all = true;
        for (String w : p) {
          if (!around.contains(w)) {
            all = false;
            break;
          }
        }
        if (all) {
          hit = String.join(" ", p);
          break;
        }
      }
    }
    if (hit == null) return s;
    double boost = own ? hot.boosts[recognizerIndex] : config.boostFor(s.entity());
    double score = Math.min(1.0, Math.max(s.score() + boost, config.minScoreWithContext()));
    return new Span(s.entity(), s.start(), s.end(), Math.max(score, s.score()), s.recognizer(),
        contextExplanation(s.explanation(), hit));
  }

  /**
   * The first token of {@link #window(TextScan, int, int, int)}'s list, in its order, that matches a
   * context word of recognizer {@code r} (see {@link #contextMask}); null when none. Whole words are looked
   * up once per text; a word cut by the span's boundary is looked up on its own.
   */
  private String contextHit(TextScan scan, int start, int end, int n, int r) {
    String text = scan.text();
    int w = scan.firstWordStartingAtOrAfter(start) - 1;
    for (int found = 0; w >= 0 && found < n; w--, found++) {
      if (scan.wordEnd(w) > start) {
        if (hasBit(rangeMask(text, scan.wordStart(w), start), r)) return text.substring(scan.wordStart(w), start).toLowerCase(Locale.ROOT);
      } else if (hasBit(wordMask(scan, w), r)) {
        return scan.lowerWord(w);
      }
    }
    int words = scan.words();
    w = scan.firstWordEndingAfter(end);
    for (int found = 0; w < words && found < n; w++, found++) {
      if (scan.wordStart(w) < end) {
        if (hasBit(rangeMask(text, end, scan.wordEnd(w)), r)) return text.substring(end, scan.wordEnd(w)).toLowerCase(Locale.ROOT);
      } else if (hasBit(wordMask(scan, w), r)) {
        return scan.lowerWord(w);
      }
    }
    return null;
  }

  /**
   * {@link #window(String, int, int, int)} from the shared per-text scan: the same tokens in the same
   * order (nearest first before the span, then nearest first after it), each word lower-cased once
   * per text. A word cut by the span's boundary contributes only its part outside the span, as in the
   * character walk.
   */
  static List<String> window(TextScan scan, int start, int end, int n) {
    List<String> out = new ArrayList<>(2 * n);
    String text = scan.text();
    int w = scan.firstWordStartingAtOrAfter(start) - 1;
    for (int found = 0; w >= 0 && found < n; w--, found++) {
      out.add(scan.wordEnd(w) > start
          ? text.substring(scan.wordStart(w), start).toLowerCase(Locale.ROOT)
          : scan.lowerWord(w));
    }
    int words = scan.words();
    w = scan.firstWordEndingAfter(end);
    for (int found = 0; w < words && found < n; w++, found++) {
      out.add(scan.wordStart(w) < end
          ? text.substring(end, scan.wordEnd(w)).toLowerCase(Locale.ROOT)
          : scan.lowerWord(w));
    }
    return out;
  }

  /** Up to {@code n} lower-case word tokens before {@code start} and after {@code end}. */
  static List<String> window(String text, int start, int end, int n) {
    List<String> out = new ArrayList<>(2 * n);
    int i = start - 1;
    int found = 0;
    while (i >= 0 && found < n) {
      while (i >= 0 && !Character.isLetterOrDigit(text.charAt(i))) i--;
      if (i < 0) break;
      int e = i + 1;
      while (i >= 0 && Character.isLetterOrDigit(text.charAt(i))) i--;
      out.add(text.substring(i + 1, e).toLowerCase(Locale.ROOT));
      found++;
    }
    i = end;
    found = 0;
    int len = text.length();
    while (i < len && found < n) {
      while (i < len && !Character.isLetterOrDigit(text.charAt(i))) i++;
      if (i >= len) break;
      int b = i;
      while (i < len && Character.isLetterOrDigit(text.charAt(i))) i++;
      out.add(text.substring(b, i).toLowerCase(Locale.ROOT));
      found++;
    }
    return out;
  }

  static List<String> tokens(String phrase) {
    List<String> out = new ArrayList<>();
    for (String t : phrase.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!t.isEmpty()) out.add(t);
    }
    return out;
  }

  /** Higher score first, then the longer span, then the earlier one, then the entity name. */
  private static final Comparator<Span> PRIORITY = (a, b) -> {
    int c = Double.compare(b.score(), a.score());
    if (c != 0) return c;
    c = Integer.compare(b.end() - b.start(), a.end() - a.start());
    if (c != 0) return c;
    c = Integer.compare(a.start(), b.start());
    if (c != 0) return c;
    return a.entity().name().compareTo(b.entity().name());
  };

  private static final Comparator<Span> BY_START = Comparator.comparingInt(Span::start);

  /** Greedy non-overlapping selection by score, then length, then position; result ordered by start. */
  static List<Span> resolve(List<Span> spans) {
    Span[] sorted = spans.toArray(new Span[0]);
    java.util.Arrays.sort(sorted, PRIORITY); // stable, as the list sort was
    if (sorted.length > 32) return resolveMany(sorted);
    List<Span> kept = new ArrayList<>(sorted.length);
    next:
    for (Span s : sorted) {
      if (s.end() == s.start()) continue;
      for (Span k : kept) {
        if (k.start() < s.end() && s.start() < k.end()) continue next;
      }
      kept.add(s);
    }
    kept.sort(BY_START);
    return kept;
  }

  /** {@link #resolve} for many spans: the kept ones in a map by start, each check logarithmic. */
  static List<Span> resolveMany(Span[] sorted) {
    TreeMap<Integer, Span> kept = new TreeMap<>();
    for (Span s : sorted) {
      if (s.end() == s.start()) continue;
      Map.Entry<Integer, Span> before = kept.floorEntry(s.start());
      if (before != null && before.getValue().end() > s.start()) continue;
      Map.Entry<Integer, Span> after = kept.ceilingEntry(s.start());
      if (after != null && after.getKey() < s.end()) continue;
      kept.put(s.start(), s);
    }
    return new ArrayList<>(kept.values());
  }
}
