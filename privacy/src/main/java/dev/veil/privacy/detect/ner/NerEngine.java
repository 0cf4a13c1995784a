package dev.veil.privacy.detect.ner;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.veil.privacy.detect.ner.Lexicon.*;

/**
 * The joint rule-based scan behind the NER recognizers: one tokenization, then passes in order of
 * how strong their evidence is, each claiming its tokens so later passes cannot reuse them:
 *
 * <ol>
 *   <li>street addresses (house number + street name with a suffix, prefix or compound ending, or
 *       name + number; then unit, and the city, state, postcode and country that follow as one block);
 *   <li>honorifics (TITLE) and the name after them (PERSON);
 *   <li>organizations (a legal-form suffix, an organization word, {@code X, Y and Z}, a work context);
 *   <li>nationalities, religious and political groups (NRP);
 *   <li>runs of capitalized tokens, classified as PERSON or LOCATION from the name and place
 *       dictionaries, the position in the sentence and the word before the run;
 *   <li>job titles (TITLE).
 * </ol>
 *
 * <p>Each token is visited a bounded number of times (runs and lookahead are capped), so the scan is
 * linear in the text length. Each token is looked up once in the word-class table
 * ({@link Lexicon#words}: every dictionary it belongs to as one bit set), on first use; place
 * phrases are walked in a token trie. The result of the last text scanned on the current thread is
 * kept so the six recognizers share one scan when the analyzer runs them one after another on the
 * same string (compared by identity). Thread-safe: each thread has its own engine, whose buffers
 * serve text after text (those of a text above 16,384 tokens are not kept), with its own 512 KB
 * cache of the word-table entries of recent words ({@link WordTable.Cache}).
 */
final class NerEngine {
  static final PiiClass PERSON = PiiClass.PERSON;
  static final PiiClass LOCATION = PiiClass.of("LOCATION");
  static final PiiClass ORGANIZATION = PiiClass.of("ORGANIZATION");
  static final PiiClass NRP = PiiClass.of("NRP");
  static final PiiClass TITLE = PiiClass.of("TITLE");
  static final PiiClass STREET_ADDRESS = PiiClass.STREET_ADDRESS;

  static final String ID = "ner-rules";
  private static final int MAX_RUN = 5;
  static final Set<String> LOC_PREPS = Set.of("in", "from", "at", "to", "near", "visit", "visited", "visiting", "into",
      "toward", "towards", "around", "outside", "inside", "via", "across", "reach", "reached", "leave", "left");
  static final Set<String> WORK_VERBS = Set.of("work", "works", "worked", "working", "employed", "intern", "interned",
      "job", "position", "career", "joined", "join", "joining", "hired");
  static final Set<String> MONTHS_DAYS = Set.of("january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");
  static final Set<String> DIRECTIONS = Set.of("n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east",
      "west");
  static final Set<String> STREET_CONNECTORS = Set.of("de", "la", "le", "del", "della", "di", "da", "do", "dos", "das",
      "du", "van", "der", "den", "von", "nad", "na", "pod", "y", "e", "of", "the", "des", "am", "an", "im", "zum", "zur", "al",
      "el", "los", "las");

  static final Set<String> AND_WORDS = Set.of("and", "en", "und", "et", "y", "e", "og", "och", "és", "ja", "i", "a", "ve");
  static final Set<String> FOREIGN_AND_WORDS = Set.of("en", "und", "et", "y", "e", "og", "och", "és", "ja", "a", "ve", "i");
  static final Set<String> PERSON_CUES = Set.of("hi", "hello", "hey", "dear", "thanks", "thank", "cheers", "bye",
      "kid", "son", "daughter", "wife", "husband", "friend", "partner", "brother", "sister", "mother", "father", "boss",
      "colleague", "named", "called", "me", "mr", "mrs", "ms", "dr");
  static final Set<String> NRP_QUALIFIERS = Set.of("south", "north", "east", "west", "baltic", "sri", "st", "saint",
      "costa", "sierra", "cape", "new", "northern", "southern", "central", "el", "puerto", "burkina", "papua", "solomon");
  static final Set<String> STRONG_LOC_PREPS = Set.of("in", "from", "near", "into", "visit", "visited", "visiting",
      "outside", "across", "around", "toward", "towards", "via");

  /** Capitalized words that end a place name although they are ordinary words (Vatican City, Kuwait City, Cape Town). */
  static final Set<String> CITY_TAILS = Set.of("city", "town", "village", "heights", "springs", "falls", "beach", "island",
      "islands", "bay", "harbour", "harbor", "hills", "park");

  /** Verbs that follow the subject of a sentence; a capitalized unknown word before one at a sentence start is taken as a name. */
  static final Set<String> SUBJECT_VERBS = Set.of("said", "says", "shouted", "began", "begins", "spent", "told", "asked", "wrote", "went", "lives", "lived", "works", "worked", "joined",
      "called", "explained", "listed", "replied", "answered", "smiled", "laughed", "arrived", "left", "moved", "studied",
      "graduated", "founded", "started", "married", "died", "won", "lost", "sang", "played", "directed", "met", "thinks",
      "thought", "knows", "knew", "wants", "wanted", "likes", "liked", "loves", "loved");
  /** Verbs any subject takes (Battery is, Zoolander was): a cue for a name only when the word is in the name dictionaries. */
  static final Set<String> COPULAS = Set.of("is", "was", "has", "had", "will", "would", "can", "could", "does", "did");

  /** Words after which a lone first name in lower-case text is taken as a name (gender of lilly, talk to maria). */
  static final Set<String> LOWER_NAME_CUES = Set.of("of", "with", "to", "by", "for", "and", "told", "asked", "ask", "call",
      "tell", "meet", "met", "saw", "see", "is", "am", "named", "called");

  static final Set<String> SAINTS = Set.of("saint", "sainte", "sankt", "santa", "santo", "sint", "sant");

  /** A lower-case word of at least four letters that no name, place or stop-word list holds. */
  private boolean unknownWord(String l) {
    return l.length() >= 4 && (lx.words.bits(l) & (FIRST_NAME | LAST_NAME | STOP | PLACE | CITY_PREFIX | SAINT)) == 0
        && allLetters(l);
  }

  /** Whether every UTF-16 unit of {@code l} is a letter (a loop: the stream it replaces cost 1.6% of the scan). */
  private static boolean allLetters(String l) {
    for (int k = 0, m = l.length(); k < m; k++) {
      if (!Character.isLetter(l.charAt(k))) return false;
    }
    return true;
  }

  /** Form labels before a colon that announce a place. */
  static final Set<String> PLACE_LABELS = Set.of("where", "city", "town", "country", "location", "place", "province",
      "state", "region", "destination", "origin", "venue", "birthplace", "hometown");

  /** The current thread's engine: its buffers serve text after text, and it keeps the last text's spans. */
  private static final ThreadLocal<NerEngine> ENGINE = ThreadLocal.withInitial(NerEngine::new);
  /** Per-token buffers above this size are not kept for the next text. */
  private static final int KEEP_TOKENS = 1 << 14;

  private final Lexicon lx = Lexicon.get();
  private final Tokens t = new Tokens();
  /** This thread's copy of the word-table entries of recent words ({@link WordTable.Cache}). */
  private final WordTable.Cache cache = new WordTable.Cache(lx.words);
  private String text;
  private int n;
  private boolean[] used = new boolean[0];
  /**
   * Whether {@link #used}, {@link #afterHonorific}, or {@link #compoundMemo} and {@link #placeMemo}
   * hold an entry the current text set: otherwise they are clear everywhere, and {@link #reset}
   * skips clearing them.
   */
  private boolean usedDirty;
  private boolean honorificDirty;
  private boolean memoDirty;
  private boolean[] afterHonorific = new boolean[0];
  private byte[] compoundMemo = new byte[0];
  private byte[] placeMemo = new byte[0];
  /** Per token: its word classes ({@link Lexicon#words}) with {@link #LOOKED_UP} set, or 0 before the lookup. */
  private long[] cls = new long[0];
  /** Per token: its phrase word id, valid once {@link #cls} is set. */
  private int[] wid = new int[0];
  private boolean lowerText;
  private boolean shouting;
  private final List<Span> out = new ArrayList<>();
  private String lastText;
  private List<Span> lastSpans;

  private NerEngine() {}

  /** Tokenizes {@code text} and clears the per-token state, reusing the buffers of the previous text. */
  private void reset(String text) {
    int prev = n;
    this.text = text;
    t.reset(text);
    n = t.size();
    if (used.length < n || used.length > KEEP_TOKENS && n <= KEEP_TOKENS) {
      int cap = Math.max(n, 64);
      used = new boolean[cap];
      afterHonorific = new boolean[cap];
      compoundMemo = new byte[cap];
      placeMemo = new byte[cap];
      cls = new long[cap];
      wid = new int[cap];
    } else {
      // only what the previous text wrote (all below its token count) is cleared
      if (usedDirty) java.util.Arrays.fill(used, 0, prev, false);
      if (honorificDirty) java.util.Arrays.fill(afterHonorific, 0, prev, false);
      if (memoDirty) {
        java.util.Arrays.fill(compoundMemo, 0, prev, (byte) 0);
        java.util.Arrays.fill(placeMemo, 0, prev, (byte) 0);
      }
    }
    usedDirty = false;
    honorificDirty = false;
    memoDirty = false;
    int upper = t.upperCaseLetters();
    int letters = t.letters();
    lowerText = letters > 0 && upper == 0;
    shouting = letters >= 8 && upper * 10 > letters * 6;
    out.clear();
    // every word's classes up front, in tight loops: the table lookups are independent of each
    // other, so the processor overlaps their cache misses instead of stalling on each inside a rule.
    // First each packed word's first slot is read with no branch on what is read (the misses overlap
    // even where the probes of the second loop mispredict), then the lookups find those slots cached;
    // the union of the classes lets run() skip the passes that need a class no word has
    // A packed word this thread looked up recently is answered by the per-thread cache (most words of
    // running text repeat), and only the others' table slots are read ahead
    long touched = 0;
    for (int i = 0; i < n; i++) {
      long c = 0; // not looked up yet (this replaces clearing the array)
      if ((t.keyed(i) & Tokens.PACKED) != 0) {
        int x = WordTable.Cache.entry(t, i);
        if (cache.holds(t, i, x)) {
          long v = cache.value(x);
          c = WordTable.bitsOf(v) | LOOKED_UP;
          wid[i] = WordTable.idOf(v);
        } else {
          touched += lx.words.touch(t, i);
        }
      }
      cls[i] = c;
    }
    sink = touched;
    long seen = 0;
    for (int i = 0; i < n; i++) {
      if (t.kind(i) != Tokens.WORD) continue;
      long c = cls[i];
      if (c == 0) {
        if ((t.keyed(i) & Tokens.PACKED) != 0) {
          long v = cache.load(t, i, WordTable.Cache.entry(t, i));
          c = WordTable.bitsOf(v) | LOOKED_UP;
          cls[i] = c;
          wid[i] = WordTable.idOf(v);
        } else {
          c = cls(i);
        }
      }
      seen |= c;
    }
    wordClasses = seen;
  }

  /** The union of the word classes of the text's words (set by {@link #reset}). */
  private long wordClasses;

  /** Keeps the reads of {@link WordTable#touch} from being optimized away. */
  private long sink;

  /** All NER spans of {@code text} (every entity type), ordered by start. */
  static List<Span> scan(String text) {
    if (text == null || text.isEmpty()) return List.of();
    NerEngine e = ENGINE.get();
    if (e.lastText == text) return e.lastSpans;
    e.reset(text);
    e.run();
    List<Span> r = List.copyOf(e.out);
    e.out.clear();
    e.lastText = text;
    e.lastSpans = r;
    return r;
  }

  /** The spans of one entity type. */
  static List<Span> scan(String text, PiiClass entity) {
    List<Span> all = scan(text);
    List<Span> r = new ArrayList<>();
    for (int k = 0, m = all.size(); k < m; k++) {
      Span s = all.get(k);
      PiiClass e = s.entity();
      if (e == entity || e.equals(entity)) r.add(s);
    }
    return r;
  }

  /** Whether the trimmed value is, as a whole, an instance of {@code entity} (a span covers 80% of it). */
  static boolean validates(String value, PiiClass entity) {
    if (value == null) return false;
    String v = value.strip();
    if (v.isEmpty() || v.length() > 300) return false;
    for (Span s : scan(v, entity)) {
      if (s.score() >= 0.5 && (s.end() - s.start()) * 5 >= v.length() * 4) return true;
    }
    return false;
  }

  private void run() {
    addresses();
    // these passes emit only at a word of a class (an honorific; a nationality, religion or political
    // group; a job position) and change nothing else, so a text without one skips them
    if ((wordClasses & HONORIFIC) != 0) honorifics();
    organizations();
    if ((wordClasses & (NATIONALITY | RELIGION | POLITICAL)) != 0) nrp();
    if ((wordClasses & JOB_POSITION) != 0) jobTitles();
    runs();
    out.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
  }

  private void emit(PiiClass e, int fromTok, int toTokExcl, double score, String why) {
    if (e == LOCATION) toTokExcl = parenthesizedName(lowerCaseCityTail(toTokExcl));
    int s = t.start(fromTok);
    int end = t.end(toTokExcl - 1);
    for (int i = fromTok; i < toTokExcl; i++) used[i] = true;
    usedDirty = true;
    out.add(new Span(e, s, end, Math.min(1.0, Math.max(0.0, score)), ID, why));
  }

  /**
   * The end of a lower-case ending of a place name right after it, as the locale dictionaries build
   * city names ({@code Germano del friuli}, {@code Leone terme}, {@code Nigel aan de IJssel}): one to
   * three tokens forming an entry of the city-suffix lists, starting in lower case; or {@code e}.
   */
  private int lowerCaseCityTail(int e) {
    if (!word(e) || used[e] || !t.lowerCase(e) || t.newlineBefore(e) || !has(e, CITY_TAIL_LONGER | CITY_TAIL_PHRASE)) {
      return e;
    }
    for (int len = Math.min(3, n - e); len >= 1; len--) {
      boolean ok = true;
      for (int x = e; x < e + len; x++) ok &= word(x) && !used[x] && !(x > e && t.newlineBefore(x));
      if (ok && phraseKinds(lx.citySuffixPhrases, e, e + len) != 0) return e + len;
    }
    return e;
  }

  /**
   * The end of a parenthesized other name right after a place ({@code Slovakia (Slovak Republic)},
   * {@code ΑΓΛΑΝΤΖΙΑ (ΑΓΛΑΓΓΙΑ)}): one to four capitalized words in parentheses on the same line; or
   * {@code e} when there is none.
   */
  private int parenthesizedName(int e) {
    if (!t.isPunct(e, '(') || t.newlineBefore(e)) return e;
    int x = e + 1;
    int words = 0;
    while (x < n && words < 4 && word(x) && !used[x] && (t.capitalized(x) || t.allCaps(x)) && !t.newlineBefore(x)) {
      x++;
      words++;
    }
    return words > 0 && t.isPunct(x, ')') && !t.spaceBefore(x) ? x + 1 : e;
  }

  // ---------------------------------------------------------------- token predicates

  private boolean word(int i) {
    return i >= 0 && i < n && t.kind(i) == Tokens.WORD;
  }

  private String low(int i) {
    return t.lower(i);
  }

  /** Marks a looked-up entry of {@link #cls}. */
  private static final long LOOKED_UP = 1L << 63;

  /** The word classes of token {@code i} (one table lookup per token, on first use); 0 outside the text. */
  private long cls(int i) {
    if (i < 0 || i >= n) return 0;
    long c = cls[i];
    if (c == 0) {
      int slot = lx.words.slot(t, i);
      c = lx.words.bits(slot) | LOOKED_UP;
      cls[i] = c;
      wid[i] = lx.words.id(slot);
    }
    return c;
  }

  /** Whether token {@code i} belongs to one of the word classes {@code bits}. */
  private boolean has(int i, long bits) {
    return (cls(i) & bits) != 0;
  }

  /** The phrase word id of token {@code i}, or -1. */
  private int wordId(int i) {
    cls(i);
    return wid[i];
  }

  /**
   * Whether token {@code i} in lower case is {@code w}, compared in place; {@code w} holds neither
   * surrogates nor U+0307 (the mark lower-casing adds to U+0130), so a token of another length is
   * never equal to it.
   */
  private boolean lowIs(int i, String w) {
    int s = t.start(i);
    int len = t.end(i) - s;
    if (len != w.length()) return false;
    for (int j = 0; j < len; j++) {
      char c = text.charAt(s + j);
      if (c >= 0x80) {
        if (Character.isSurrogate(c) || c == '\u0130' || c == '\u03a3') return low(i).equals(w);
        c = Character.toLowerCase(c);
      } else if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      // lower-casing other characters maps one to one, so a difference here is final
      if (j >= w.length() || c != w.charAt(j)) return false;
    }
    return len == w.length();
  }

  /** The kinds of the phrase of {@code p} made of tokens {@code [from, to)}, or 0. */
  private int phraseKinds(Lexicon.Phrases p, int from, int to) {
    int node = Lexicon.Phrases.ROOT;
    for (int x = from; x < to; x++) {
      node = p.child(node, wordId(x));
      if (node < 0) return 0;
    }
    return p.kinds(node);
  }

  /** The kinds of the place phrase made of tokens {@code [from, to)}, or 0. */
  private int placeKinds(int from, int to) {
    if (to - from == 1) return (int) ((cls(from) & PLACE) >>> PLACE_SHIFT);
    return phraseKinds(lx.places, from, to);
  }

  private boolean stop(int i) {
    return has(i, STOP);
  }

  private boolean fn(int i) {
    return has(i, FIRST_NAME);
  }

  private boolean ln(int i) {
    return has(i, LAST_NAME);
  }

  private boolean dotAfter(int i) {
    return i + 1 < n && t.isPunct(i + 1, '.') && !t.spaceBefore(i + 1);
  }

  /** Whether token {@code i} begins a sentence: first token, after a line break, or after . ! ? : ; or a quote. */
  private boolean sentenceStart(int i) {
    if (i == 0 || t.newlineBefore(i)) return true;
    int p = i - 1;
    if (t.kind(p) != Tokens.PUNCT) return false;
    char c = text.charAt(t.start(p));
    if (c == ',' || c == '-' || c == '&' || c == '(') return false;
    if (c == '.' && p > 0 && word(p - 1) && (t.length(p - 1) == 1 || has(p - 1, HONORIFIC))) return false;
    return true;
  }

  private boolean houseNumber(int i) {
    if (!t.isNum(i)) return false;
    int s = t.start(i);
    int e = t.end(i);
    int digits = 0;
    while (s + digits < e && Character.isDigit(text.charAt(s + digits))) digits++;
    if (digits > 5) return false;
    int letters = e - s - digits;
    if (letters > 1) return false;
    if (letters == 1 && Character.isLowerCase(text.charAt(e - 1)) && text.charAt(e - 1) > 'h') return false;
    if (i > 0 && t.kind(i - 1) == Tokens.PUNCT && !t.spaceBefore(i)) {
      char c = text.charAt(t.start(i - 1));
      if (c == '$' || c == '€' || c == '£' || c == '#' || c == '+' || c == '.' || c == ':' || c == '/') return false;
    }
    if (i + 1 < n && t.kind(i + 1) == Tokens.PUNCT && !t.spaceBefore(i + 1)) {
      char c = text.charAt(t.start(i + 1));
      if (c == '%' || c == ':' || c == '/' || c == '.' && t.isNum(i + 2)) return false;
    }
    return true;
  }

  private boolean digitsOnly(int i, int minLen, int maxLen) {
    if (!t.isNum(i)) return false;
    int len = t.length(i);
    if (len < minLen || len > maxLen) return false;
    for (int j = t.start(i); j < t.end(i); j++) if (!Character.isDigit(text.charAt(j))) return false;
    return true;
  }

  /** A word that may be part of a street or city name. */
  private boolean placeWord(int i) {
    if (!word(i) || used[i]) return false;
    byte m = placeMemo[i];
    if (m == 0) {
      m = placeWordUncached(i) ? (byte) 1 : (byte) -1;
      placeMemo[i] = m;
      memoDirty = true;
    }
    return m > 0;
  }

  /** {@link #placeWord} without the {@code used} check: depends on the token only, so it is memoized. */
  private boolean placeWordUncached(int i) {
    long c = cls(i);
    if ((c & MONTH_DAY) != 0) return false;
    if (t.capitalized(i)) return !((c & STOP) != 0 && (c & STREET_SUFFIX) == 0 && (c & STREET_PREFIX) == 0);
    if (lowerText) return (c & STOP) == 0 || (c & STREET_SUFFIX) != 0;
    return false;
  }

  private boolean cityPrefix(int i) {
    return word(i) && !used[i] && (t.capitalized(i) || lowerText) && has(i, CITY_PREFIX);
  }

  private boolean compound(int i) {
    if (!word(i) || t.length(i) < 5) return false;
    if (compoundMemo[i] != 0) return compoundMemo[i] > 0;
    boolean r = compoundUncached(i);
    compoundMemo[i] = (byte) (r ? 1 : -1);
    memoDirty = true;
    return r;
  }

  private boolean compoundUncached(int i) {
    if ((t.keyed(i) & Tokens.KEYED) != 0) {
      // lower-cased character by character in place (what the word's lower case is for a keyed word)
      return lx.compoundSuffixes.hasEndingLowered(t.chars(), t.start(i), t.end(i), 3, Math.min(lx.maxCompound, t.length(i) - 2));
    }
    String l = low(i);
    return lx.compoundSuffixes.hasEnding(l, 3, Math.min(lx.maxCompound, l.length() - 2));
  }

  /**
   * Whether word {@code i} is a stem of at least four letters plus one of the place-name endings of
   * the dictionaries' city-name patterns (Beahanfurt, Lilliberg, Dietrichbury), and not a word of
   * the stop list.
   */
  private boolean citySuffixed(int i) {
    // a keyed word's lower case is as long as the word (no U+0130 or surrogates): a short one needs no string
    if ((t.keyed(i) & Tokens.KEYED) != 0 && t.length(i) < 8) return false;
    String l = low(i);
    if (l.length() < 8 || stop(i)) return false;
    for (int len = 3; len <= Math.min(7, l.length() - 4); len++) {
      String suffix = l.substring(l.length() - len);
      if (!lx.citySuffixes.contains(suffix)) continue;
      if (PLACE_ENDINGS.contains(suffix)) return true;
      // endings that ordinary words share (support, interview, outside): only after a name (Greentown, Jettside)
      String stem = l.substring(0, l.length() - len);
      if (WORDLIKE_PLACE_ENDINGS.contains(suffix) && (lx.words.bits(stem) & (FIRST_NAME | LAST_NAME)) != 0) return true;
    }
    return false;
  }

  private static final Set<String> PLACE_ENDINGS = Set.of("burgh", "burg", "bury", "borough", "ville", "stad", "stadt", "furt",
      "chester", "haven", "berg", "dorf", "shire", "hoven", "wijk", "borg", "köping", "havn");
  private static final Set<String> WORDLIKE_PLACE_ENDINGS = Set.of("town", "side", "view", "port", "land", "fort", "mouth", "ton",
      "heim", "feld", "dam", "dal", "holm", "vik", "mark");

  // ---------------------------------------------------------------- addresses

  private void addresses() {
    // every address holds a digit: a house number, or digits glued to a compound street name
    if (t.digits() == 0) return;
    int nextNum = 0; // the first number token after token i, or n
    for (int i = 0; i < n; i++) {
      if (used[i]) continue;
      int endTok = -1;
      if (houseNumber(i) && !(i > 0 && t.isNum(i - 1) && !t.newlineBefore(i))) {
        endTok = numbered(i);
      } else if (word(i) && (t.capitalized(i) || lowerText || has(i, STREET_PREFIX)) && !(i > 0 && t.isNum(i - 1))) {
        if (nextNum <= i) {
          nextNum = i + 1;
          while (nextNum < n && t.kind(nextNum) != Tokens.NUM) nextNum++;
        }
        // a named street ends in a house number at most NAMED_STREET_REACH tokens on, or is a word with
        // the number glued on
        if (nextNum - i <= NAMED_STREET_REACH || Character.isDigit(text.charAt(t.end(i) - 1))) endTok = namedStreet(i);
      }
      if (endTok > i) i = endTok - 1;
    }
  }

  /** A street starting with the house number at {@code i}; returns the token index after the emitted span, or -1. */
  private int numbered(int i) {
    int j = i + 1;
    if (houseNumber(j) && !t.newlineBefore(j)) {
      j++;
    } else if (t.isPunct(j, '-') && houseNumber(j + 1) && !t.spaceBefore(j)) {
      j += 2;
    }
    if (j >= n || t.newlineBefore(j)) return -1;
    int core = -1;
    double score = 0;
    String why = null;
    if (word(j) && has(j, STREET_PREFIX)) { // a word holds no dot
      int k = dotAfter(j) ? j + 2 : j + 1;
      int e = names(k, true);
      if (e > k) {
        core = e;
        score = 0.8;
        why = "house number + street-type word + name";
        if (houseNumber(core) && !t.newlineBefore(core)) core++;
      }
    }
    if (core < 0) {
      int k = j;
      int count = 0;
      while (k < n && count < 6 && !(k > j && t.newlineBefore(k))) {
        if (placeWord(k) || (word(k) && !used[k] && has(k, STREET_CONNECTOR) && count > 0)) {
          count++;
          if (count > 1 && has(k, STREET_SUFFIX)) {
            core = dotAfter(k) ? k + 2 : k + 1;
            if (word(core) && !t.newlineBefore(core) && has(core, DIRECTION) && t.capitalized(core)) core++;
            if (has(k, COMPOUND) && houseNumber(core) && !t.newlineBefore(core)) core++;
            score = 0.85;
            why = "house number + name + street suffix";
            break;
          }
          if (compound(k)) {
            core = k + 1;
            if (houseNumber(core) && !t.newlineBefore(core)) core++;
            score = 0.8;
            why = "house number + compound street name";
            break;
          }
          k++;
          if (dotAfter(k - 1)) k++;
        } else {
          break;
        }
      }
      if (core < 0 && count > 0 && !has(k - 1 - (t.isPunct(k - 1, '.') ? 1 : 0), STREET_CONNECTOR)) {
        if (houseNumber(k) && !t.newlineBefore(k)) {
          core = k + 1;
          score = lowerText || !t.capitalized(j) ? 0.45 : 0.55;
          why = "house number + name + number";
        } else {
          core = k;
          score = 0.3;
          why = "house number + name";
        }
      }
    }
    if (core < 0) return -1;
    return finishAddress(i, core, score, why);
  }

  /**
   * How far after its first token {@link #namedStreet} looks for the house number: a street-type word
   * and its dot, five names each with a dot, and {@code No.} (or four names with dots in the other
   * forms, or three names).
   */
  private static final int NAMED_STREET_REACH = 14;

  /**
   * A street without a leading house number: a street-type word + name + number (Jl. Juanda No. 27,
   * Calle Mayor 5), or up to four name words ending in a compound street word or a street suffix,
   * then a house number (Nassaustraat 123, Erfurter Str. 5, Korte Noordsstraat 307).
   */
  private int namedStreet(int i) {
    if (!placeWord(i) && !(word(i) && !used[i] && has(i, STREET_PREFIX))) return -1;
    int k;
    if (has(i, STREET_PREFIX) && (t.capitalized(i) || lowerText || dotAfter(i) && t.capitalized(i + 2))) {
      int b = dotAfter(i) ? i + 2 : i + 1;
      k = names(b, true);
      if (k == b) return -1;
    } else {
      k = -1;
      int x = i;
      if (c0GluedNumber(i)) return finishAddress(i, i + 1, 0.7, "compound street name with the number attached");
      for (int c = 0; c < 4 && x < n && (x == i || !t.newlineBefore(x)); c++) {
        if (!placeWord(x) && !(c > 0 && word(x) && !used[x] && (has(x, STREET_CONNECTOR)
            || has(x, STREET_SUFFIX)))) {
          break;
        }
        if (compound(x) || c > 0 && has(x, STREET_SUFFIX)) {
          k = dotAfter(x) ? x + 2 : x + 1;
          break;
        }
        x = dotAfter(x) ? x + 2 : x + 1;
      }
      if (k < 0) {
        // name + number (Komárnická 21, Litovská 11): only as part of an address block
        int y = i;
        int c = 0;
        while (c < 3 && placeWord(y) && (y == i || !t.newlineBefore(y))) {
          y++;
          c++;
        }
        if (c == 0 || !houseNumber(y) || t.newlineBefore(y)) return -1;
        boolean before = i > 0 && word(i - 1) && t.lowerCase(i - 1);
        boolean placed = before && (lowIs(i - 1, "at") || lowIs(i - 1, "on") || lowIs(i - 1, "to")) || t.isPunct(i - 1, ':');
        return finishAddress(i, y + 1, placed ? 0.4 : 0.3, "street name + house number");
      }
    }
    if (word(k) && (lowIs(k, "no") || lowIs(k, "nr")) && dotAfter(k)) k += 2;
    if (!houseNumber(k) || t.newlineBefore(k)) return -1;
    return finishAddress(i, k + 1, 0.7, "street name + house number");
  }

  /** A word like Heinonenkatu95: a compound street name with the house number glued on. */
  private boolean c0GluedNumber(int i) {
    if (!word(i) || !t.capitalized(i)) return false;
    int e = t.end(i);
    int d = e;
    while (d > t.start(i) && Character.isDigit(text.charAt(d - 1))) d--;
    if (d == e || e - d > 5 || d - t.start(i) < 5) return false;
    String l = text.substring(t.start(i), d).toLowerCase(java.util.Locale.ROOT);
    return lx.compoundSuffixes.hasEnding(l, 3, Math.min(lx.maxCompound, l.length() - 2));
  }

  private int names(int k, boolean allowLower) {
    int count = 0;
    int e = k;
    while (e < n && count < 5 && !t.newlineBefore(e)
        && (placeWord(e) || (word(e) && !used[e] && allowLower && has(e, STREET_CONNECTOR)))) {
      count++;
      e++;
      if (dotAfter(e - 1)) e++;
    }
    while (e > k && word(e - 1) && has(e - 1, STREET_CONNECTOR)) e--;
    return e;
  }

  /** Adds unit and the adjacent city / state / postcode / country block to the street core, then emits. */
  private int finishAddress(int a, int core, double score, String why) {
    int end = core;
    // unit: Apt. 12, Suite 4, # 5, Flat 2B
    int unitAt = -1;
    for (int units = 0; units < 2; units++) { // up to two: Suite 621, # 890
      int u = end;
      if (t.isPunct(u, ',') || t.isPunct(u, '.')) u++;
      if (u < n && !t.indentedLine(u) && (units == 0 || !t.newlineBefore(u))
          && (word(u) && has(u, UNIT) || t.isPunct(u, '#'))) {
        int v = dotAfter(u) ? u + 2 : u + 1;
        if (t.isPunct(v, '#')) v++;
        if (v < n && !t.newlineBefore(v) && (t.isNum(v) || (word(v) && t.length(v) <= 3 && t.allCaps(v)))) {
          if (unitAt < 0) unitAt = u;
          end = v + 1;
          score = Math.max(score, 0.6);
          if (units == 0) why += " + unit";
          continue;
        }
      }
      break;
    }
    // block: city, state, postcode, country
    int committed = end;
    boolean block = false;
    boolean postcode = false;
    int k = end;
    int comps = 0;
    int prevKind = 0;
    while (k < n && comps < 7) {
      int m = k;
      while (m < n && blockSeparator(m)) m++;
      if (m >= n) break;
      boolean nl = false;
      for (int x = k; x <= m; x++) if (t.newlineBefore(x)) nl = true;
      if (nl) {
        if (t.indentedLine(m) && !block && !(t.isPunct(k, ',') && !t.newlineBefore(k))) break;
        if (t.blankLineBefore(m)) break;
        block = true;
      }
      int c = component(m);
      if (c <= m) break;
      int kind = lastComponentKind;
      // a city commits only with what follows it: a region, postcode or country, or a second place name
      // after a comma on the same line (Binsted, Vatican City)
      if (kind != COMP_CITY || prevKind == COMP_POSTCODE && !nl && !t.isPunct(m - 1, ',')
          || prevKind == COMP_CITY && !nl && t.isPunct(m - 1, ',')) {
        committed = c;
        if (kind == COMP_POSTCODE) postcode = true;
      }
      k = c;
      prevKind = kind;
      comps++;
    }
    boolean isBlock = committed > end;
    if (isBlock) {
      end = committed;
      score = Math.max(score, 0.6) + (postcode ? 0.15 : 0.05);
      why += " + city/region/postcode/country";
    } else if (score < 0.4) {
      return -1;
    }
    if (!isBlock) {
      // not one postal block: the parts are separate fields (building number, street, unit on its own line)
      emitStreetParts(a, core, unitAt, end, score, why);
      fields(end);
    } else {
      emit(STREET_ADDRESS, a, end, Math.min(0.95, score), why);
    }
    return end;
  }

  /**
   * Emits a street that did not join a city/postcode block. A building number written before a
   * street that carries its own number ({@code 48 107 Rue Abdelaziz}, {@code 19 1755 Nelson Mandela
   * Drive}: building and street number) is its own span, as is a unit that ends its line
   * ({@code 8 Wressle Road Suite 771} then a line break): forms and templates that write the parts
   * as separate fields label them separately.
   */
  private void emitStreetParts(int a, int core, int unitAt, int end, double score, String why) {
    double sc = Math.min(0.95, score);
    int s = a;
    boolean numberFirst = houseNumber(a) && t.isNum(a + 1) && houseNumber(a + 1) && !t.newlineBefore(a + 1) && a + 2 < core
        && word(a + 2);
    // 46 Velký Průhon 426, 87 Jakobi 69: a building number, then a street written name-first with its own number
    boolean numberLast = houseNumber(a) && word(a + 1) && !t.isNum(a + 1) && core - 1 > a + 1 && houseNumber(core - 1);
    if (numberFirst || numberLast) {
      emit(STREET_ADDRESS, a, a + 1, Math.max(0.5, sc - 0.1), "building number before a numbered street");
      s = a + 1;
    }
    if (unitAt > s && (end >= n || t.newlineBefore(end))) {
      int streetEnd = unitAt;
      if (t.isPunct(streetEnd - 1, ',') || t.isPunct(streetEnd - 1, '.')) streetEnd--;
      emit(STREET_ADDRESS, s, streetEnd, sc, why);
      emit(STREET_ADDRESS, unitAt, end, Math.max(0.5, sc - 0.1), "unit designator + number ending the street's line");
    } else {
      emit(STREET_ADDRESS, s, end, sc, why);
    }
  }

  /**
   * The fields after a street that did not form one block (each on its own indented line, or a lone
   * city after a comma): each is reported on its own, units and postcodes as STREET_ADDRESS, cities,
   * regions and countries as LOCATION.
   */
  private void fields(int k) {
    int comps = 0;
    while (k < n && comps < 7) {
      int m = k;
      // skip a comma, a period ending the street, and bullet-like marks at the start of a line (??? Apt. 12)
      while (m < n && (t.isPunct(m, ',') || t.isPunct(m, '?') || t.isPunct(m, '.') && m == k || t.isPunct(m, '*')
          || t.isPunct(m, '-') && t.newlineBefore(m) || t.isPunct(m, '>'))) {
        m++;
      }
      boolean nl = false;
      for (int x = k; x <= m && x < n; x++) nl |= t.newlineBefore(x);
      if (m >= n || !(nl || m > k && t.isPunct(m - 1, ',') || comps > 0 && !nl)) break;
      if (word(m) && (has(m, UNIT))) {
        int v = dotAfter(m) ? m + 2 : m + 1;
        if (t.isNum(v) && !t.newlineBefore(v)) {
          emit(STREET_ADDRESS, m, v + 1, 0.6, "unit designator + number after a street");
          k = v + 1;
          comps++;
          continue;
        }
      }
      int c = component(m);
      if (c <= m) break;
      switch (lastComponentKind) {
        case COMP_POSTCODE -> emit(STREET_ADDRESS, m, c, 0.55, "postcode after a street");
        case COMP_STATE -> {
          if (t.allCaps(m) && t.length(m) <= 3 || lowIs(m, "nan")) emit(STREET_ADDRESS, m, c, 0.5, "region code after a street");
          else emit(LOCATION, m, c, 0.75, "region after a street");
        }
        case COMP_COUNTRY -> emit(LOCATION, m, c, 0.85, "country after a street");
        default -> emit(LOCATION, m, c, 0.6, "city after a street");
      }
      k = c;
      comps++;
    }
  }

  private static final int COMP_CITY = 1;
  private static final int COMP_STATE = 2;
  private static final int COMP_POSTCODE = 3;
  private static final int COMP_COUNTRY = 4;
  private int lastComponentKind;

  /** One address component starting at token {@code m}: its end token index, or {@code m} when none. */
  private int component(int m) {
    if (used[m]) return m;
    // postcode: 4-6 digits, 00-950, 1234 AB
    if (digitsOnly(m, 3, 7)) {
      int e = m + 1;
      if (t.isPunct(e, '-') && digitsOnly(e + 1, 3, 4) && !t.spaceBefore(e)) e += 2;
      else if (digitsOnly(m, 3, 3) && digitsOnly(e, 2, 2) && !t.newlineBefore(e)) e++;
      else if (word(e) && t.allCaps(e) && t.length(e) == 2 && !t.newlineBefore(e) && t.length(m) == 4) e++;
      lastComponentKind = COMP_POSTCODE;
      return e;
    }
    if (!word(m)) return m;
    if (ukOutward(m) && t.isNum(m + 1) && !t.newlineBefore(m + 1) && t.length(m + 1) == 3) {
      lastComponentKind = COMP_POSTCODE;
      return m + 2;
    }
    int pk = longestPlace(m);
    // North Tiesha, East Ellisport: a direction or city-name prefix that is also a region's name starts a city here
    boolean prefixOfCity = pk == m + 1 && (has(m, DIRECTION) || has(m, CITY_PREFIX)) && (t.capitalized(m) || lowerText)
        && placeWord(m + 1) && !t.newlineBefore(m + 1);
    if (pk > m && !prefixOfCity) {
      int kinds = placeKinds(m, pk);
      if ((kinds & Lexicon.COUNTRY) != 0) {
        lastComponentKind = COMP_COUNTRY;
        return pk;
      }
      if ((kinds & Lexicon.STATE) != 0) {
        lastComponentKind = COMP_STATE;
        return pk;
      }
    }
    if ((t.allCaps(m) && t.length(m) <= 3 || lowIs(m, "nan")
        // the digits after a two-letter word first: the set lookup needs two new strings
        || lowerText && t.length(m) == 2 && digitsOnly(m + 1, 4, 5) && lx.stateAbbr.contains(low(m).toUpperCase(java.util.Locale.ROOT)))
        && (t.newlineBefore(m) || t.isPunct(m - 1, ',') || t.isNum(m + 1))) {
      lastComponentKind = COMP_STATE;
      return m + 1;
    }
    // city: up to 4 place words (plus a district number: Kaplice 1), stopping before a country
    int e = m;
    int count = 0;
    while (e < n && count < 4 && (e == m || !t.newlineBefore(e))) {
      if (e > m && ukOutward(e) && t.isNum(e + 1) && !t.newlineBefore(e + 1)) break; // Kossborough Z06 1XP
      if (e > m) {
        int q = longestPlace(e);
        if (q > e && (placeKinds(e, q) & (Lexicon.COUNTRY | Lexicon.STATE)) != 0) break;
      }
      if (placeWord(e) || (count > 0 && word(e) && has(e, STREET_CONNECTOR) && placeWord(e + 1))
          || cityPrefix(e) && placeWord(e + 1) && !t.newlineBefore(e + 1)
          || count > 0 && word(e) && !used[e] && t.capitalized(e) && has(e, CITY_TAIL)) {
        count++;
        e++;
      } else {
        break;
      }
    }
    if (count == 0) return m;
    if (digitsOnly(e, 1, 2) && !t.newlineBefore(e) && !digitsOnly(e + 1, 3, 7)) e++;
    lastComponentKind = COMP_CITY;
    return e;
  }

  /** A comma, or a mark some layouts put between the parts of one address on a line (·, •, an emoji). */
  private boolean blockSeparator(int m) {
    if (t.kind(m) != Tokens.PUNCT) return false;
    char c = text.charAt(t.start(m));
    return c == ',' || c == '\u00b7' || c == '\u2022' || Character.isSurrogate(c)
        || Character.getType(c) == Character.OTHER_SYMBOL;
  }

  /** A UK outward postcode like SW1A, HP2, M1 (letters then a digit, upper case). */
  private boolean ukOutward(int i) {
    int s = t.start(i);
    int e = t.end(i);
    if (e - s < 2 || e - s > 4) return false;
    int j = s;
    while (j < e && text.charAt(j) >= 'A' && text.charAt(j) <= 'Z') j++;
    if (j == s || j - s > 2 || j == e || !Character.isDigit(text.charAt(j))) return false;
    for (int x = j; x < e; x++) {
      char c = text.charAt(x);
      if (!(Character.isDigit(c) || c >= 'A' && c <= 'Z')) return false;
    }
    return true;
  }

  /** End (exclusive) of the longest place phrase starting at token {@code i}, or {@code i}. */
  private int longestPlace(int i) {
    if (!word(i)) return i;
    if (!has(i, PLACE_LONGER)) return !used[i] && has(i, PLACE) ? i + 1 : i;
    // walk the place trie while the tokens may belong to one place (unused, no number, same line)
    int max = Math.min(lx.places.maxTokens(), n - i);
    int best = i;
    int node = Lexicon.Phrases.ROOT;
    for (int x = i; x < i + max; x++) {
      if (used[x] || t.kind(x) == Tokens.NUM || (x > i && t.newlineBefore(x))) break;
      node = lx.places.child(node, wordId(x));
      if (node < 0) break;
      if (lx.places.kinds(node) != 0) best = x + 1;
    }
    return best;
  }

  // ---------------------------------------------------------------- honorifics and titles

  private void honorifics() {
    for (int i = 0; i < n; i++) {
      if (used[i] || !word(i) || !has(i, HONORIFIC)) continue;
      int e = dotAfter(i) ? i + 2 : i + 1;
      if (e < n && !t.newlineBefore(e) && word(e) && !used[e] && (t.capitalized(e) || lowerText)
          && !has(e, HONORIFIC) && !(has(e, STOP) && !has(e, AMBIGUOUS) && !t.capitalized(e))
          && (t.capitalized(e) || fn(e) || ln(e))) {
        emit(TITLE, i, e, t.capitalized(i) ? 0.85 : 0.6, "honorific before a name");
        afterHonorific[e] = true;
        honorificDirty = true;
      }
    }
  }

  private void jobTitles() {
    for (int i = 0; i < n; i++) {
      if (used[i] || !word(i) || !t.capitalized(i)) continue;
      int e = i;
      int sen = 0;
      if (has(e, JOB_SENIORITY)) {
        sen = 1;
        e++;
      }
      int fields = 0;
      while (word(e) && !used[e] && t.capitalized(e) && has(e, JOB_FIELD) && fields < 2) {
        e++;
        fields++;
      }
      if (word(e) && !used[e] && t.capitalized(e) && has(e, JOB_POSITION) && sen + fields > 0) {
        emit(TITLE, i, e + 1, 0.6, "job title (seniority/field + position)");
        i = e;
      }
    }
  }

  // ---------------------------------------------------------------- organizations

  static final Set<String> ABBREVIATED_FORMS = Set.of("inc", "ltd", "corp", "co", "bros", "llc", "plc", "ag", "sa", "bv", "nv");

  /** End of a dotted legal form starting at {@code i} (s.r.l., S.L., a.s., j.d.o.o.), or -1. */
  private int dottedForm(int i) {
    if (!word(i) || t.length(i) > 2 || !dotAfter(i)) return -1;
    int e = i + 2;
    int parts = 1;
    while (parts < 5 && word(e) && t.length(e) <= 2 && !t.spaceBefore(e) && dotAfter(e)) {
      e += 2;
      parts++;
    }
    if (parts < 2) return -1;
    StringBuilder key = new StringBuilder();
    for (int x = i; x < e; x += 2) key.append(low(x));
    return lx.companySuffixes.contains(key.toString()) ? e : -1;
  }

  /** A capitalized word, or in text written all in lower case a word of the name dictionaries (company names made of surnames). */
  private boolean capWord(int i) {
    return word(i) && !used[i] && (t.capitalized(i) || t.allCaps(i) || lowerText && (ln(i) || fn(i)) && !stop(i));
  }

  private void organizations() {
    for (int i = 1; i < n; i++) {
      if (used[i] || !word(i)) continue;
      long c = cls(i);
      // a match needs a company suffix or an organization word, a dotted form (its first part has one or
      // two letters), 'sons' or 'co': other words are ruled out before the tests below
      int len = t.length(i);
      if ((c & (COMPANY_SUFFIX | ORG_WORD)) == 0 && len > 2 && len != 4) continue;
      int dotted = dottedForm(i);
      boolean suffix = dotted > i || (c & COMPANY_SUFFIX) != 0 && (t.capitalized(i) || t.allCaps(i) || lowerText);
      boolean andSons = lowIs(i, "sons") && word(i - 1) && lowIs(i - 1, "and") || lowIs(i, "co") && t.isPunct(i - 1, '&');
      boolean orgWord = (c & ORG_WORD) != 0 && t.capitalized(i);
      if (!suffix && !andSons && !orgWord) continue;
      int b = andSons ? i - 2 : i - 1;
      if (suffix && t.isPunct(b, ',')) b--;
      int a = -1;
      int count = 0;
      boolean sawAnd = false;
      while (b >= 0 && count < 4 && capWord(b) && !t.newlineBefore(b + 1) && !(stop(b) && !has(b, ORG_WORD))) {
        a = b;
        count++;
        if (sentenceStart(b)) break;
        b--;
        // a comma joins names only in a list that ends in 'and' (Hubbard, Fox and Gillespie Ltd), not a place
        // before a company (in Lille, Monahan LLC invites ...)
        if (t.isPunct(b, '&') || word(b) && has(b, AND) && capWord(b - 1) && b != i - 1) {
          sawAnd = true;
          b--;
        } else if (t.isPunct(b, ',') && capWord(b - 1) && sawAnd) {
          b--;
        } else if (word(b) && has(b, AND) && capWord(b - 1)) {
          b--;
        }
      }
      if (a < 0) continue;
      int e = dotted > i ? dotted : i + 1;
      if (dotted <= i && dotAfter(i) && (c & ABBREVIATED) != 0) e++;
      emit(ORGANIZATION, a, e, suffix || andSons ? 0.85 : 0.7, suffix || andSons ? "capitalized name + company suffix"
          : "capitalized name + organization word");
    }
    // Hubbard, Fox and Gillespie / Hubbard-Thomas (last-name company shapes); each of the passes below
    // needs a character or a word class that many texts lack, so such a text skips it
    // the tokenizer records which of these characters occur (three scans of the text cost 2% of the scan)
    boolean amp = t.hasPunct('&');
    if (!shouting && (amp || (wordClasses & AND) != 0) && t.hasPunct(',')) lastNameLists();
    if (!shouting && !lowerText && (amp || (wordClasses & FOREIGN_AND) != 0)) lastNamePairs();
    if (t.hasHyphenatedWord()) hyphenatedLastNames(); // it emits only at a hyphenated word
  }

  /** Hubbard, Fox and Gillespie: three names of which one is a last name. */
  private void lastNameLists() {
    for (int i = 0; i + 4 < n; i++) {
      // the comma first: it rules out most tokens without the dictionary tests of capWord
      if (!shouting && t.isPunct(i + 1, ',') && capWord(i) && capWord(i + 2)
          && (word(i + 3) && t.lowerCase(i + 3) && has(i + 3, AND) || t.isPunct(i + 3, '&'))
          && capWord(i + 4)
          && (ln(i) || ln(i + 2) || ln(i + 4))
          && (fn(i) && !ln(i) ? 1 : 0) + (fn(i + 2) && !ln(i + 2) ? 1 : 0) + (fn(i + 4) && !ln(i + 4) ? 1 : 0) <= 1) {
        emit(ORGANIZATION, i, i + 5, 0.75, "'X, Y and Z' of surnames");
        i += 4;
      }
    }
  }

  /** Two names joined by an 'and' of another language or {@code &} (Fox y Gillespie). */
  private void lastNamePairs() {
    for (int i = 0; i + 2 < n; i++) {
      if (!shouting && !lowerText && (word(i + 1) && t.lowerCase(i + 1) && has(i + 1, FOREIGN_AND) || t.isPunct(i + 1, '&'))
          && capWord(i) && capWord(i + 2) && !t.allCaps(i) && !t.allCaps(i + 2)
          && !t.newlineBefore(i + 1) && !t.newlineBefore(i + 2) && (ln(i) || ln(i + 2)) && !(fn(i) && !ln(i))
          && !(fn(i + 2) && !ln(i + 2)) && !afterHonorific[i]) {
        int e = i + 3;
        if (word(e) && capWord(e) && !t.newlineBefore(e) && (has(e, COMPANY_SUFFIX) || lowIs(e, "társa"))) e++;
        emit(ORGANIZATION, i, e, 0.6, "'X y Z' of surnames (company-name shape)");
        i = e - 1;
      }
    }
  }

  /** Hubbard-Thomas: a hyphenated pair of last names, or of a last name and a word of no dictionary. */
  private void hyphenatedLastNames() {
    for (int i = 0; i < n; i++) {
      if (!t.hyphenated(i) || !capWord(i)) continue;
      String l = low(i);
      int h = l.indexOf('-');
      if (h <= 0 || l.indexOf('-', h + 1) >= 0) continue;
      String x = l.substring(0, h);
      String y = l.substring(h + 1);
      if (!Character.isUpperCase(text.charAt(t.start(i) + h + 1)) && !lowerText) continue;
      long bx = lx.words.bits(x);
      long by = lx.words.bits(y);
      boolean names = ((bx | by) & LAST_NAME) != 0 && (bx & (LAST_NAME | FIRST_NAME)) != 0 && (by & (LAST_NAME | FIRST_NAME)) != 0;
      // a surname and a word of no dictionary (Hubbard-Thomas): the dictionaries miss many surnames
      boolean nameAndUnknown = ((by & LAST_NAME) != 0 && unknownWord(x) || (bx & LAST_NAME) != 0 && unknownWord(y)) && !has(i, PLACE);
      if ((names || nameAndUnknown) && !(capWord(i - 1) && !sentenceStart(i)) && !afterHonorific[i] && !capWord(i + 1)) {
        emit(ORGANIZATION, i, i + 1, names ? 0.55 : 0.5, "hyphenated pair of surnames (company-name shape)");
      }
    }
  }

  // ---------------------------------------------------------------- NRP

  private void nrp() {
    for (int i = 0; i < n; i++) {
      if (used[i] || !word(i)) continue;
      long c = cls(i);
      if (t.capitalized(i)) {
        int pe = longestPlace(i);
        if (pe > i + 1) {
          i = pe - 1;
          continue;
        }
      }
      if ((c & NATIONALITY) != 0) {
        // multi-word forms: South African, Sri Lankan, Baltic German, Finnish Swedish
        int a = i;
        if (t.capitalized(i) && capWord(i - 1) && !t.newlineBefore(i) && !sentenceStart(i - 1) && has(i - 1, NRP_QUALIFIER)) a = i - 1;
        int e = i + 1;
        while (t.capitalized(i) && e < i + 3 && capWord(e) && !t.newlineBefore(e) && has(e, NATIONALITY)) e++;
        emit(NRP, a, e, t.capitalized(i) ? 0.7 : 0.55, "nationality");
        i = e - 1;
      } else if ((c & RELIGION) != 0 && t.capitalized(i)) {
        emit(NRP, i, i + 1, 0.7, "religious group");
      } else if ((c & POLITICAL) != 0 && t.capitalized(i) && !sentenceStart(i)) {
        emit(NRP, i, i + 1, 0.6, "political group");
      }
    }
  }

  // ---------------------------------------------------------------- person / location runs

  private boolean nameCandidate(int i) {
    if (!word(i) || used[i]) return false;
    if (has(i, MONTH_DAY) && t.isNum(i + 1)) return false; // Jul 16 2001
    if (t.allCaps(i)) return !shouting && t.length(i) >= 3 && !stop(i);
    if (t.capitalized(i)) return true;
    if (lowerText) {
      long c = cls(i);
      return (c & (FIRST_NAME | LAST_NAME)) != 0 && (c & (STOP | AMBIGUOUS)) == 0;
    }
    return false;
  }

  private void runs() {
    int i = 0;
    while (i < n) {
      if (word(i) && !used[i] && t.capitalized(i)) {
        int pe = longestPlace(i);
        // at a sentence start only when the phrase is not also a first name + last name (Nova Scotia, La Rochelle)
        if (pe > i + 1 && t.capitalized(pe - 1) && !(sentenceStart(i) && i > 0 && fn(i) && ln(pe - 1))) {
          int kinds = placeKinds(i, pe);
          emit(LOCATION, i, pe, (kinds & Lexicon.COUNTRY) != 0 ? 0.85 : (kinds & Lexicon.STATE) != 0 ? 0.75 : 0.65,
              "multi-word place name");
          i = pe;
          continue;
        }
      }
      if (!nameCandidate(i) || (stop(i) && !has(i, AMBIGUOUS) && !(cityPrefix(i) && nameCandidate(i + 1)
          && !t.newlineBefore(i + 1)))) {
        i++;
        continue;
      }
      int a = i;
      int e = i + 1;
      int len = 1;
      while (e < n && len < MAX_RUN && !t.newlineBefore(e) && !t.possessive(e - 1)) {
        if (t.isPunct(e, '.') && !t.spaceBefore(e) && t.length(e - 1) == 1 && t.capitalized(e - 1) && nameCandidate(e + 1)) {
          e++; // initial: J. R. Tolkien
          continue;
        }
        if (nameCandidate(e) && !(stop(e) && !has(e, AMBIGUOUS))) {
          e++;
          len++;
          continue;
        }
        if (word(e) && !used[e] && has(e, PARTICLE) && !t.capitalized(e)) {
          int p = e;
          while (p < e + 3 && word(p) && !used[p] && has(p, PARTICLE) && !t.newlineBefore(p)) p++;
          if (p > e && nameCandidate(p) && !t.newlineBefore(p)) {
            e = p;
            continue;
          }
        }
        if (lowerText && word(e) && !used[e] && !has(e, STOP) && len == 1 && fn(a) && t.length(e) >= 3
            && !has(e, PLACE) && !has(e, SUBJECT_VERB) && !has(e, COPULA)
            && !low(e).endsWith("ing")
            && !low(e).endsWith("ed") && !low(e).endsWith("ly")) {
          e++;
          len++;
          continue;
        }
        break;
      }
      // trailing name suffix (Jr., MD, PhD)
      if (e < n && word(e) && !used[e] && has(e, NAME_SUFFIX) && !t.newlineBefore(e) && len >= 2) {
        e = dotAfter(e) ? e + 2 : e + 1;
      }
      classify(a, e, len);
      i = e;
    }
  }

  /** The word before token {@code a} as the explanations quote it: {@code word}, or {@code label:} before a colon. */
  private String prevWhy(int a) {
    String prev = word(a - 1) ? low(a - 1) : "";
    return prev.isEmpty() && word(a - 2) ? low(a - 2) + ":" : prev;
  }

  /** Honorifics that are not also frequent given names: on their own they name no one. */
  private static final Set<String> TITLES_ONLY = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "madame",
      "mme", "mlle", "dame", "lord", "lady", "mister", "doctor", "professor", "herr", "frau");

  /**
   * Endings of English adverbs (-ally, -ingly, -ously, ...: not the bare -ly of Vitaly, Anatoly or
   * Scully), abstract nouns and adjectives, rare at the end of a given name or surname.
   */
  private static final String[] WORD_FORM_ENDINGS = {"ally", "ingly", "ously", "fully", "ately", "ently", "antly", "edly",
      "ively", "ibly", "ably", "ness", "ment", "tion", "sion", "less", "ous"};

  /** File extensions and top-level domains that, glued after a dot, make a capitalized word code or an address. */
  private static final Set<String> EXTENSIONS = Set.of("java", "kt", "scala", "py", "js", "ts", "go", "rb", "rs", "cs", "cpp", "xml",
      "json", "yaml", "yml", "txt", "csv", "md", "pdf", "doc", "docx", "xls", "xlsx", "html", "htm", "css", "sql", "sh", "log",
      "conf", "cfg", "ini", "jar", "zip", "png", "jpg", "gif", "com", "org", "net", "io", "dev", "app", "gov", "edu");

  /** Whether a dot and a lower-case {@link #EXTENSIONS} entry, then no further letter, follow offset {@code end}. */
  private boolean gluedExtension(int end) {
    if (end + 2 >= text.length() || text.charAt(end) != '.') return false;
    int b = end + 1;
    int x = b;
    while (x < text.length() && x - b <= 5 && text.charAt(x) >= 'a' && text.charAt(x) <= 'z') x++;
    if (x == b || x - b > 5 || x < text.length() && Character.isLetter(text.charAt(x))) return false;
    return EXTENSIONS.contains(text.substring(b, x));
  }

  /**
   * Whether word {@code i}, in no name list, ends like an English adverb, abstract noun or adjective
   * (Unfortunately, Happiness, Excitement, Congratulation): at a sentence start before a comma or a
   * verb it is the sentence's first word, not someone addressed or the subject's name.
   */
  private boolean englishWordForm(int i) {
    int s = t.start(i);
    int e = t.end(i);
    if (e - s < 5) return false;
    for (String end : WORD_FORM_ENDINGS) {
      if (text.regionMatches(true, e - end.length(), end, 0, end.length())) return true;
    }
    return false;
  }

  private void classify(int a, int e, int len) {
    // a run glued to a file extension or a top-level domain (OrderService.java, Config.yaml, Acme.com):
    // code or an address, not a name or a place (John.he said: a missing space, still a name)
    if (gluedExtension(t.end(e - 1))) return;
    int last = e - 1;
    while (last > a && t.kind(last) != Tokens.WORD) last--;
    if (has(last, NAME_SUFFIX) && last > a) {
      int p = last - 1;
      while (p > a && t.kind(p) != Tokens.WORD) p--;
      last = p;
    }
    boolean start = sentenceStart(a);
    // the word before the run (prev) and the lower-case word after it on its line (next)
    boolean hasPrev = word(a - 1);
    long prev = hasPrev ? cls(a - 1) : 0;
    boolean prevAt = hasPrev && lowIs(a - 1, "at");
    boolean locPrep = (prev & LOC_PREP) != 0 && t.lowerCase(a - 1)
        || t.isPunct(a - 1, ':') && word(a - 2) && has(a - 2, PLACE_LABEL); // City: X, Where: X
    boolean strongPrep = locPrep && (prev & STRONG_LOC_PREP) != 0;
    boolean workCtx = hasPrev && (lowIs(a - 1, "for") || prevAt || lowIs(a - 1, "by")) && word(a - 2) && has(a - 2, WORK_VERB)
        || hasPrev && lowIs(a - 1, "joined");
    boolean first = fn(a);
    boolean lastName = ln(last);
    boolean amb = len == 1 && has(a, AMBIGUOUS);
    boolean hasNext = word(e) && t.lowerCase(e) && !t.newlineBefore(e);
    long next = hasNext ? cls(e) : 0;
    // the subject of a sentence (Morishita began ..., Delvis spent ...) or a name addressed (Jakobine, can I ...)
    boolean subject = start && ((next & SUBJECT_VERB) != 0 || (next & COPULA) != 0 && (fn(a) || ln(a)));
    boolean vocative = start && t.isPunct(e, ',') && word(e + 1) && t.lowerCase(e + 1) && !t.newlineBefore(e + 1);

    double person;
    String pwhy;
    if (afterHonorific[a]) {
      person = 0.85;
      pwhy = "name after an honorific";
    } else if (lowerText) {
      // a single lower-case word is too often an ordinary word that is also someone's name ("date", "will"):
      // only first name + last name pairs count in lower-case text
      person = len >= 2 ? (first && lastName ? 0.75 : first ? 0.55 : 0.4)
          : first && !amb && !has(a, PLACE) && (subject || vocative || (prev & PERSON_CUE) != 0
              || (prev & LOWER_NAME_CUE) != 0 && t.length(a) >= 4) ? 0.5 : 0;
      pwhy = "lower-case text: name dictionary";
    } else if (len >= 2) {
      if (first && lastName) {
        person = 0.85;
        pwhy = "first name + last name (dictionaries)";
      } else if (first && !stop(last)) {
        person = 0.75;
        pwhy = "known first name + capitalized token";
      } else if (lastName && !stop(a)) {
        person = 0.6;
        pwhy = "capitalized token + known last name";
      } else if (t.length(a) == 1 && t.isPunct(a + 1, '.')) {
        person = 0.7;
        pwhy = "initials + capitalized name";
      } else {
        person = start ? 0.3 : 0.35;
        pwhy = "capitalized tokens";
      }
    } else if (amb) {
      person = start ? 0 : 0.35;
      pwhy = "ambiguous name word";
    } else if (has(a, HONORIFIC) && TITLES_ONLY.contains(low(a))) {
      // a title on its own (Sir, your order ...; Miss them ...) names no one, though some locales list it as a
      // name; a title that is also a frequent given name (Don, Pan) is classified as a name
      person = 0;
      pwhy = "";
    } else if (first || lastName) {
      person = start && !subject && !vocative ? 0.5 : 0.6;
      if (t.possessive(a)) person += 0.05;
      pwhy = "name dictionary";
    } else if (t.allCaps(a)) {
      person = 0;
      pwhy = "";
    } else if ((subject || vocative) && len == 1 && !stop(a) && !englishWordForm(a)) {
      person = 0.55;
      pwhy = subject ? "capitalized word before a verb at a sentence start" : "capitalized word addressed at a sentence start";
    } else {
      boolean standalone = e >= n || t.newlineBefore(e) || t.isPunct(e, ',') || t.isPunct(e, '.') && e + 1 >= n;
      person = start ? (standalone && !englishWordForm(a) ? 0.25 : 0) : 0.3;
      pwhy = "capitalized token";
    }

    int placeEnd = longestPlace(a);
    int kinds = placeEnd == e ? placeKinds(a, e) : 0;
    double loc = 0;
    String lwhy = null;
    if ((kinds & Lexicon.COUNTRY) != 0) {
      loc = 0.85;
      lwhy = "country";
    } else if ((kinds & Lexicon.STATE) != 0) {
      loc = 0.7;
      lwhy = "state or region";
    } else if ((kinds & Lexicon.CITY) != 0) {
      loc = 0.6;
      lwhy = "city";
    } else if (locPrep && !first && !lastName && !afterHonorific[a] && !amb) {
      loc = 0.55;
      lwhy = "capitalized name after '" + prevWhy(a) + "'";
    } else if (strongPrep && !afterHonorific[a] && !(len >= 2 && first && lastName)) {
      loc = 0.6;
      lwhy = "name after '" + prevWhy(a) + "'";
    } else if (cityPrefix(a) && len >= 2 && !(first && lastName)) {
      loc = 0.6;
      lwhy = "city-name prefix";
    } else if (!afterHonorific[a] && !lowerText && lowerCaseCityTail(e) > e) {
      loc = 0.65;
      lwhy = "name + lower-case place-name ending (del friuli, terme)";
    } else if (len == 1 && !first && !lastName && !amb && !t.allCaps(a) && citySuffixed(a)) {
      loc = 0.6;
      lwhy = "word with a place-name ending (-burgh, -ville, -stad ...)";
    }
    if (loc > 0 && locPrep) loc = Math.min(0.9, loc + 0.15);
    // a city name that is also a name, as the subject of a verb or addressed (Beaufort is very reliable): a person
    if ((kinds & (Lexicon.COUNTRY | Lexicon.STATE)) == 0 && !locPrep && (first || lastName) && (subject || vocative)) loc = 0;
    // at X as the assistant / at X in Chisholm: where someone works
    boolean atOrg = prevAt && t.lowerCase(a - 1) && kinds == 0 && !(first && lastName) && !afterHonorific[a]
        && (hasNext && lowIs(e, "as") || hasNext && lowIs(e, "in") && word(e + 1) && (t.capitalized(e + 1) || t.allCaps(e + 1))
            && !has(e + 1, MONTH_DAY));
    if (atOrg) {
      emit(ORGANIZATION, a, e, 0.6, "capitalized name after 'at' and before 'as'/'in' + place");
      return;
    }
    if ((prev & PERSON_CUE) != 0 && person > 0) loc = 0; // "Hi India," "my kid Mali": a greeting or kinship word before a name

    if (workCtx && !afterHonorific[a] && person < 0.85) {
      emit(ORGANIZATION, a, e, 0.65, "capitalized name after '" + low(a - 2) + " " + low(a - 1) + "'");
      return;
    }
    if (loc > 0 && (loc > person || locPrep && person < 0.85) && !afterHonorific[a]) {
      emit(LOCATION, a, e, loc, lwhy);
      return;
    }
    if (person > 0) {
      emit(PERSON, a, e, person, pwhy);
      return;
    }
    // a longer run that is not a name may still hold a place (Kouklia Country Club -> nothing; Paris France -> two)
    if (len >= 2) {
      int x = a;
      while (x < e) {
        int pe = longestPlace(x);
        if (pe > x && (placeKinds(x, pe) & (Lexicon.COUNTRY | Lexicon.STATE)) != 0) {
          emit(LOCATION, x, pe, 0.7, "country or region inside a capitalized run");
          x = pe;
        } else {
          x++;
        }
      }
    }
  }
}
