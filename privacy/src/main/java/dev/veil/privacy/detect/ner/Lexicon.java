package dev.veil.privacy.detect.ner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The dictionaries of the rule-based NER recognizers, built once per JVM (lazy holder) from
 * Datafaker's bundled locale YAML files (first names, last names, cities, states, countries, street
 * and company suffixes, nationalities, job words) plus Veil's own word lists in this package's
 * resources (stop words, ambiguous names, honorifics, particles, street types, organization words,
 * nationality/religion/political words). Keys are lower case ({@link Locale#ROOT}). Multi-word
 * entries (cities, countries, company names) live in {@link Phrases} keyed by their tokens.
 *
 * <p>Immutable after construction and therefore thread-safe; never serialized (recognizers refer
 * to it through {@link #get()}).
 */
final class Lexicon {
  static final int CITY = 1;
  static final int STATE = 2;
  static final int COUNTRY = 4;

  // word classes: bits of {@link #words}, one per dictionary or word list a rule asks about
  static final long FIRST_NAME = 1L;
  static final long LAST_NAME = 1L << 1;
  static final long STOP = 1L << 2;
  static final long AMBIGUOUS = 1L << 3;
  static final long HONORIFIC = 1L << 4;
  static final long PARTICLE = 1L << 5;
  static final long NAME_SUFFIX = 1L << 6;
  static final long STREET_SUFFIX = 1L << 7;
  static final long STREET_PREFIX = 1L << 8;
  static final long UNIT = 1L << 9;
  static final long COMPANY_SUFFIX = 1L << 10;
  static final long ORG_WORD = 1L << 11;
  static final long NATIONALITY = 1L << 12;
  static final long RELIGION = 1L << 13;
  static final long POLITICAL = 1L << 14;
  static final long JOB_SENIORITY = 1L << 15;
  static final long JOB_FIELD = 1L << 16;
  static final long JOB_POSITION = 1L << 17;
  static final long CITY_PREFIX = 1L << 18;
  static final long COMPOUND = 1L << 19;
  /** A one-word place of kind {@link #CITY}; {@link #PLACE_STATE} and {@link #PLACE_COUNTRY} follow it in order. */
  static final long PLACE_CITY = 1L << 20;
  static final long PLACE_STATE = 1L << 21;
  static final long PLACE_COUNTRY = 1L << 22;
  static final long PLACE = PLACE_CITY | PLACE_STATE | PLACE_COUNTRY;
  static final int PLACE_SHIFT = 20;
  /** The first word of a place phrase of two or more words. */
  static final long PLACE_LONGER = 1L << 23;
  /** A one-word lower-case city-name ending ({@link #citySuffixPhrases}). */
  static final long CITY_TAIL_PHRASE = 1L << 24;
  static final int CITY_TAIL_SHIFT = 24;
  static final long CITY_TAIL_LONGER = 1L << 25;
  // the engine's own word lists (NerEngine)
  static final long LOC_PREP = 1L << 26;
  static final long WORK_VERB = 1L << 27;
  static final long MONTH_DAY = 1L << 28;
  static final long DIRECTION = 1L << 29;
  static final long STREET_CONNECTOR = 1L << 30;
  static final long AND = 1L << 31;
  static final long FOREIGN_AND = 1L << 32;
  static final long PERSON_CUE = 1L << 33;
  static final long NRP_QUALIFIER = 1L << 34;
  static final long STRONG_LOC_PREP = 1L << 35;
  static final long CITY_TAIL = 1L << 36;
  static final long SUBJECT_VERB = 1L << 37;
  static final long COPULA = 1L << 38;
  static final long LOWER_NAME_CUE = 1L << 39;
  static final long SAINT = 1L << 40;
  static final long PLACE_LABEL = 1L << 41;
  static final long ABBREVIATED = 1L << 42;

  /** Datafaker locale files read for names and places (the jar holds them at its root and under en/). */
  private static final List<String> LOCALES = List.of("ar", "be", "bg", "by", "ca", "ca-CAT", "cs", "cs-CZ", "da-DK", "de",
      "de-AT", "de-CH", "el-GR", "en", "en-AU", "en-au-ocker", "en-CA", "en-GB", "en-IE", "en-IN", "en-MS", "en-NEP", "en-NG",
      "en-NZ", "en-PAK", "en-PH", "en-PK", "en-SG", "en-UG", "en-US", "en-ZA", "es", "es-AR", "es-MX", "es-PY", "et", "fa",
      "fi-FI", "fr", "fr-CA", "fr-CH", "he", "hr", "hu", "hy", "id", "id-ID", "it", "ja", "ka", "ko", "lv", "mk", "nb-NO",
      "nl", "nl-BE", "no-NO", "pl", "pt", "pt-BR", "ro-MD", "ru", "ru-MD", "sk", "sq", "sv", "sv-SE", "ta", "ta-IN", "th",
      "tr", "uk", "uz", "vi", "zh-CN", "zh-TW");

  // the name lists are only read into the word table: dropped once it is built (they are most of the words)
  private Set<String> firstNames = new HashSet<>();
  private Set<String> lastNames = new HashSet<>();
  final Set<String> stop = new HashSet<>();
  final Set<String> ambiguous = new HashSet<>();
  final Set<String> honorifics = new HashSet<>();
  final Set<String> particles = new HashSet<>();
  final Set<String> nameSuffixes = new HashSet<>();
  final Set<String> streetSuffixes = new HashSet<>();
  final Set<String> streetPrefixes = new HashSet<>();
  final List<String> streetCompounds = new ArrayList<>();
  final Set<String> unitWords = new HashSet<>();
  final Set<String> companySuffixes = new HashSet<>();
  final Set<String> orgWords = new HashSet<>();
  final Set<String> nationalities = new HashSet<>();
  final Set<String> religions = new HashSet<>();
  final Set<String> political = new HashSet<>();
  final Set<String> stateAbbr = new HashSet<>();
  final Set<String> jobSeniority = new HashSet<>();
  final Set<String> jobFields = new HashSet<>();
  final Set<String> jobPositions = new HashSet<>();
  final Set<String> citySuffixes = new HashSet<>();
  final Set<String> cityPrefixes = new HashSet<>();
  final Set<String> compoundSet = new HashSet<>();
  int maxCompound;
  private final Set<String> foreignStreetSuffixes = new HashSet<>();
  private boolean english;
  final Phrases places = new Phrases();
  /** Lower-case endings the locale dictionaries build city names with (calabro, del friuli, aan de ijssel). */
  final Phrases citySuffixPhrases = new Phrases();
  /** Every word of the sets above and of the engine's word lists, with its classes; the phrase tries' word ids. */
  final WordTable words;
  /** {@link #compoundSet}, looked up by word ending in place. */
  final SuffixSet compoundSuffixes;

  private static final class Holder {
    static final Lexicon INSTANCE = new Lexicon();
  }

  /** The lexicon, loaded on first use. */
  static Lexicon get() {
    return Holder.INSTANCE;
  }

  private Lexicon() {
    readWords("stopwords.txt", Map.of("", stop));
    readWords("ambiguous-names.txt", Map.of("", ambiguous));
    readWords("honorifics.txt", Map.of("", honorifics));
    readWords("particles.txt", Map.of("", particles));
    List<String> compounds = new ArrayList<>();
    readWords("street-types.txt", Map.of("suffix", streetSuffixes, "prefix", streetPrefixes, "compound", compoundSet, "unit", unitWords));
    readWords("org-words.txt", Map.of("suffix", companySuffixes, "word", orgWords));
    readWords("nrp.txt", Map.of("nationality", nationalities, "religion", religions, "political", political));
    nameSuffixes.addAll(List.of("jr", "sr", "ii", "iii", "iv", "md", "dds", "phd", "dvm", "esq"));
    for (String locale : LOCALES) {
      loadLocale("/" + locale + ".yml");
    }
    for (String f : List.of("name", "address", "company", "nation", "job")) {
      loadLocale("/en/" + f + ".yml");
    }
    // single-letter or very short entries are noise for whole-token lookups
    firstNames.removeIf(s -> s.length() < 2);
    lastNames.removeIf(s -> s.length() < 2);
    for (String s : foreignStreetSuffixes) {
      if (s.length() >= 4) compoundSet.add(s);
    }
    compoundSet.remove("park");
    compoundSet.removeIf(c -> c.length() < 3 || c.length() > 12 || c.contains(".") || c.contains(" "));
    compounds.addAll(compoundSet);
    for (String c : compoundSet) maxCompound = Math.max(maxCompound, c.length());
    compounds.sort((a, b) -> b.length() - a.length());
    streetCompounds.addAll(compounds);
    citySuffixes.removeIf(s -> s.length() < 3);
    citySuffixes.removeAll(Set.of("ton", "son", "ing", "ers", "ies", "ess", "man", "ley", "age"));
    stop.removeAll(honorifics);
    compoundSuffixes = new SuffixSet(compoundSet);
    words = wordTable();
    firstNames = null;
    lastNames = null;
  }

  private WordTable wordTable() {
    WordTable.Builder b = new WordTable.Builder();
    b.add(firstNames, FIRST_NAME).add(lastNames, LAST_NAME).add(stop, STOP).add(ambiguous, AMBIGUOUS).add(honorifics, HONORIFIC)
        .add(particles, PARTICLE).add(nameSuffixes, NAME_SUFFIX).add(streetSuffixes, STREET_SUFFIX)
        .add(streetPrefixes, STREET_PREFIX).add(unitWords, UNIT).add(companySuffixes, COMPANY_SUFFIX).add(orgWords, ORG_WORD)
        .add(nationalities, NATIONALITY).add(religions, RELIGION).add(political, POLITICAL).add(jobSeniority, JOB_SENIORITY)
        .add(jobFields, JOB_FIELD).add(jobPositions, JOB_POSITION).add(cityPrefixes, CITY_PREFIX).add(compoundSet, COMPOUND);
    b.add(NerEngine.LOC_PREPS, LOC_PREP).add(NerEngine.WORK_VERBS, WORK_VERB).add(NerEngine.MONTHS_DAYS, MONTH_DAY)
        .add(NerEngine.DIRECTIONS, DIRECTION).add(NerEngine.STREET_CONNECTORS, STREET_CONNECTOR).add(NerEngine.AND_WORDS, AND)
        .add(NerEngine.FOREIGN_AND_WORDS, FOREIGN_AND).add(NerEngine.PERSON_CUES, PERSON_CUE)
        .add(NerEngine.NRP_QUALIFIERS, NRP_QUALIFIER).add(NerEngine.STRONG_LOC_PREPS, STRONG_LOC_PREP)
        .add(NerEngine.CITY_TAILS, CITY_TAIL).add(NerEngine.SUBJECT_VERBS, SUBJECT_VERB).add(NerEngine.COPULAS, COPULA)
        .add(NerEngine.LOWER_NAME_CUES, LOWER_NAME_CUE).add(NerEngine.SAINTS, SAINT).add(NerEngine.PLACE_LABELS, PLACE_LABEL)
        .add(NerEngine.ABBREVIATED_FORMS, ABBREVIATED);
    places.freeze(b, PLACE_SHIFT, PLACE_LONGER);
    citySuffixPhrases.freeze(b, CITY_TAIL_SHIFT, CITY_TAIL_LONGER);
    return b.build();
  }

  /** Reads one of this package's word lists: words separated by white space, {@code [section]} headers, {@code #} comments. */
  private void readWords(String resource, Map<String, Set<String>> sections) {
    try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("NER word list missing from the classpath: " + resource);
      Set<String> target = sections.get("");
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) continue;
        if (l.startsWith("[") && l.endsWith("]")) {
          target = sections.get(l.substring(1, l.length() - 1));
          if (target == null) throw new IllegalStateException("unknown section " + l + " in NER word list " + resource);
          continue;
        }
        for (String w : l.split("\\s+")) {
          if (!w.isEmpty()) target.add(w.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read NER word list " + resource, e);
    }
  }

  @SuppressWarnings("unchecked")
  private void loadLocale(String resource) {
    english = resource.startsWith("/en");
    Object doc;
    try (InputStream in = net.datafaker.Faker.class.getResourceAsStream(resource)) {
      if (in == null) return; // a locale a later Datafaker release dropped: fewer names, not an error
      LoaderOptions opts = new LoaderOptions();
      opts.setCodePointLimit(64 * 1024 * 1024);
      doc = new Yaml(new SafeConstructor(opts)).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Datafaker data " + resource, e);
    }
    if (!(doc instanceof Map<?, ?> root)) return;
    for (Object locale : root.values()) {
      if (!(locale instanceof Map<?, ?> lm) || !(lm.get("faker") instanceof Map<?, ?> faker)) continue;
      if (faker.get("name") instanceof Map<?, ?> name) {
        loadNames((Map<String, Object>) name);
        if (name.get("title") instanceof Map<?, ?> title) {
          addTokens(title.get("descriptor"), jobSeniority);
          addTokens(title.get("level"), jobFields);
          addTokens(title.get("job"), jobPositions);
        }
      }
      if (faker.get("address") instanceof Map<?, ?> address) loadAddress((Map<String, Object>) address);
      if (faker.get("company") instanceof Map<?, ?> company) loadCompany((Map<String, Object>) company);
      if (faker.get("nation") instanceof Map<?, ?> nation) loadNation((Map<String, Object>) nation);
      if (faker.get("job") instanceof Map<?, ?> job) loadJob((Map<String, Object>) job);
    }
  }

  private void loadNames(Map<String, Object> m) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String k = e.getKey();
      if (k.endsWith("first_name") || k.endsWith("english_name") || k.endsWith("middle_name") || k.startsWith("tamil_")) {
        addTokens(e.getValue(), firstNames);
      } else if (k.endsWith("last_name") || k.equals("last_name_base")) {
        addTokens(e.getValue(), lastNames);
      }
    }
  }

  private void loadAddress(Map<String, Object> m) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      String k = e.getKey();
      switch (k) {
        case "city", "city_name", "cities", "city_names", "municipality", "village", "suburb", "community", "district_names" ->
            addPhrases(e.getValue(), places, CITY);
        case "state", "province", "provinces", "region", "regions", "county" -> addPhrases(e.getValue(), places, STATE);
        case "country", "default_country" -> addPhrases(e.getValue(), places, COUNTRY);
        case "state_abbr", "region_abbr" -> {
          for (String s : strings(e.getValue())) if (!s.contains("#")) stateAbbr.add(s.toUpperCase(Locale.ROOT));
        }
        case "street_suffix", "common_street_suffix" -> {
          for (String s : strings(e.getValue())) {
            String v = s.strip().toLowerCase(Locale.ROOT);
            if (v.contains("#") || v.contains(" ") || v.isEmpty()) continue;
            streetSuffixes.add(v);
            if (!english) foreignStreetSuffixes.add(v);
          }
        }
        case "city_prefix" -> {
          for (String s : strings(e.getValue())) {
            String v = s.strip().toLowerCase(Locale.ROOT);
            if (!v.contains(" ") && !v.contains("#") && v.length() >= 3) cityPrefixes.add(v);
          }
        }
        case "city_suffix" -> {
          for (String s : strings(e.getValue())) {
            String v = s.strip().toLowerCase(Locale.ROOT);
            if (!s.strip().isEmpty() && Character.isLowerCase(s.strip().charAt(0)) && !v.contains("#") && v.length() >= 4
                && (v.contains(" ") || v.length() >= 5)) {
              citySuffixPhrases.add(v, 1);
            }
            if (!v.contains(" ") && !v.contains("#")) citySuffixes.add(v);
          }
        }
        default -> { }
      }
    }
  }

  private void loadCompany(Map<String, Object> m) {
    for (String s : strings(m.get("suffix"))) {
      String v = s.strip().toLowerCase(Locale.ROOT).replace(".", "");
      if (!v.isEmpty() && !v.contains("#") && !v.contains(" ")) companySuffixes.add(v);
    }
  }

  private void loadNation(Map<String, Object> m) {
    for (String s : strings(m.get("nationality"))) {
      String v = s.strip().toLowerCase(Locale.ROOT);
      if (v.contains("#") || v.contains(" ")) continue;
      nationalities.add(v);
      if (v.endsWith("s") && v.length() > 4) nationalities.add(v.substring(0, v.length() - 1));
    }
    addPhrases(m.get("capital_city"), places, CITY);
  }

  private void loadJob(Map<String, Object> m) {
    addTokens(m.get("seniority"), jobSeniority);
    addTokens(m.get("field"), jobFields);
    addTokens(m.get("position"), jobPositions);
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof String s) {
      out.add(s);
    } else if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof String s) out.add(s);
        else if (o instanceof List<?> inner) for (Object x : inner) if (x instanceof String s2) out.add(s2);
      }
    }
    return out;
  }

  /** Adds the single-token entries (no template, no space) lower-cased. */
  private static void addTokens(Object v, Set<String> target) {
    for (String s : strings(v)) {
      String t = s.strip();
      if (t.isEmpty() || t.contains("#{") || t.contains("#") || t.contains(" ")) continue;
      target.add(t.toLowerCase(Locale.ROOT));
    }
  }

  private static void addPhrases(Object v, Phrases target, int kind) {
    for (String s : strings(v)) {
      String t = s.strip();
      if (t.isEmpty() || t.contains("#") || t.contains("(") || t.length() < 2) continue;
      target.add(t, kind);
    }
  }

  /**
   * Token sequences (lower case, as {@link Tokens} splits them) mapped to a bit set of kinds. Built
   * as a map while the dictionaries load; {@link #freeze} then turns it into a trie over the
   * {@link WordTable} word ids of the tokens (one step per token, no key string) and records the
   * one-word phrases as word classes.
   */
  static final class Phrases {
    /** The trie's root node. */
    static final int ROOT = 0;

    // the phrases while the dictionaries load; dropped by freeze
    private Map<String, Integer> map = new HashMap<>();
    private Set<String> firstOfLonger = new HashSet<>();
    private int size;
    private int maxTokens = 1;
    // trie: an edge (node, word id) -> child node in an open-addressed table; node kinds by node
    private long[] edgeKeys;
    private int[] edgeChild;
    private int edgeMask;
    private int[] nodeKinds;

    void add(String phrase, int kind) {
      Tokens t = Tokens.of(phrase);
      if (t.size() == 0 || t.size() > 6) return;
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < t.size(); i++) {
        if (i > 0) key.append(' ');
        key.append(t.lower(i));
      }
      map.merge(key.toString(), kind, (a, b) -> a | b);
      if (t.size() > 1) firstOfLonger.add(t.lower(0));
      maxTokens = Math.max(maxTokens, t.size());
    }

    /**
     * Builds the trie, giving every phrase token a word id in {@code words}; a one-word phrase of
     * kinds {@code k} gets the word classes {@code k << kindShift}, the first word of a longer phrase
     * gets {@code longerBit}. Tokens hold no space, so a key's tokens are its space-separated parts.
     */
    void freeze(WordTable.Builder words, int kindShift, long longerBit) {
      List<int[]> edges = new ArrayList<>(); // {node, word id, child}
      Map<Long, Integer> children = new HashMap<>();
      List<Integer> kinds = new ArrayList<>();
      kinds.add(0);
      for (Map.Entry<String, Integer> e : map.entrySet()) {
        String[] parts = e.getKey().split(" ");
        int node = ROOT;
        for (String p : parts) {
          int id = words.id(p);
          long edge = (long) node << 32 | id;
          Integer child = children.get(edge);
          if (child == null) {
            child = kinds.size();
            kinds.add(0);
            children.put(edge, child);
            edges.add(new int[] {node, id, child});
          }
          node = child;
        }
        kinds.set(node, kinds.get(node) | e.getValue());
        if (parts.length == 1) words.add(List.of(parts[0]), (long) e.getValue() << kindShift);
      }
      words.add(firstOfLonger, longerBit);
      size = map.size();
      map = null;
      firstOfLonger = null;
      nodeKinds = kinds.stream().mapToInt(Integer::intValue).toArray();
      int cap = Integer.highestOneBit(Math.max(16, edges.size() * 3)) << 1;
      edgeKeys = new long[cap];
      edgeChild = new int[cap];
      java.util.Arrays.fill(edgeChild, -1);
      edgeMask = cap - 1;
      for (int[] e : edges) {
        long key = (long) e[0] << 32 | e[1];
        int h = slot(key);
        while (edgeChild[h] >= 0) h = (h + 1) & edgeMask;
        edgeKeys[h] = key;
        edgeChild[h] = e[2];
      }
    }

    private int slot(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h >>> 40) & edgeMask;
    }

    /** The node after {@code node} on the token of word id {@code wordId}, or -1. */
    int child(int node, int wordId) {
      if (wordId < 0) return -1;
      long key = (long) node << 32 | wordId;
      int h = slot(key);
      int c;
      while ((c = edgeChild[h]) >= 0) {
        if (edgeKeys[h] == key) return c;
        h = (h + 1) & edgeMask;
      }
      return -1;
    }

    /** The kinds of the phrase ending at {@code node}, or 0. */
    int kinds(int node) {
      return nodeKinds[node];
    }

    int maxTokens() {
      return maxTokens;
    }

    int size() {
      return map != null ? map.size() : size;
    }
  }

  /**
   * A set of lower-case strings asked whether it holds a given ending of a word: the ending is
   * hashed from the word's last character backwards and compared in place, so no substring is
   * built. Immutable; thread-safe.
   */
  static final class SuffixSet {
    private final String[] keys;
    private final int mask;
    final int maxLength;
    /**
     * Bit {@link #tailBit} set for the last three characters of every key of three or more: an ending
     * of three or more whose last three are not set is in no key, so most words are answered with one
     * read of this small array instead of a probe per ending length (the probes read the keys, which
     * miss the cache).
     */
    private final long[] tails = new long[TAIL_BITS / 64];
    private static final int TAIL_BITS = 1 << 12;

    SuffixSet(Set<String> words) {
      int cap = Integer.highestOneBit(Math.max(16, words.size() * 3)) << 1;
      keys = new String[cap];
      mask = cap - 1;
      int max = 0;
      for (String w : words) {
        int h = spread(reverseHash(w, 0, w.length())) & mask;
        while (keys[h] != null) h = (h + 1) & mask;
        keys[h] = w;
        max = Math.max(max, w.length());
        int n = w.length();
        if (n >= 3) {
          int b = tailBit(w.charAt(n - 1), w.charAt(n - 2), w.charAt(n - 3));
          tails[b >>> 6] |= 1L << b;
        }
      }
      maxLength = max;
    }

    private static int reverseHash(String s, int from, int to) {
      int h = 0;
      for (int i = to - 1; i >= from; i--) h = 31 * h + s.charAt(i);
      return h;
    }

    private static int spread(int h) {
      return (h ^ (h >>> 16)) * 0x45d9f3b;
    }

    /** The bit of {@link #tails} of an ending's last, second-last and third-last characters. */
    private static int tailBit(char last, char second, char third) {
      return spread((last * 31 + second) * 31 + third) >>> (32 - 12);
    }

    /** Whether some key of three or more characters ends in these three (false: none; true: maybe). */
    private boolean mayEndIn(char last, char second, char third) {
      int b = tailBit(last, second, third);
      return (tails[b >>> 6] & 1L << b) != 0;
    }

    /**
     * Whether the set holds an ending of {@code word} whose length is in {@code [minLen, maxLen]}.
     */
    boolean hasEnding(String word, int minLen, int maxLen) {
      int len = word.length();
      maxLen = Math.min(maxLen, len);
      // every ending asked for ends in the word's last three characters
      if (minLen >= 3 && maxLen >= minLen && !mayEndIn(word.charAt(len - 1), word.charAt(len - 2), word.charAt(len - 3))) {
        return false;
      }
      int h = 0;
      for (int k = 1; k <= maxLen; k++) {
        h = 31 * h + word.charAt(len - k);
        if (k >= minLen && contains(word, len - k, spread(h))) return true;
      }
      return false;
    }

    /**
     * {@link #hasEnding} of {@code new String(cs, from, to - from).toLowerCase(Locale.ROOT)}, without
     * building it: each character is lower-cased on its own ({@link Character#toLowerCase(char)}),
     * which is what the string's lower case is when the range holds no surrogate, {@code U+0130}
     * or {@code U+03A3} (a {@link Tokens#KEYED} word); the caller makes sure of that.
     */
    boolean hasEndingLowered(char[] cs, int from, int to, int minLen, int maxLen) {
      int len = to - from;
      maxLen = Math.min(maxLen, len);
      if (minLen >= 3 && maxLen >= minLen && !mayEndIn(lower(cs[to - 1]), lower(cs[to - 2]), lower(cs[to - 3]))) return false;
      int h = 0;
      for (int k = 1; k <= maxLen; k++) {
        h = 31 * h + lower(cs[to - k]);
        if (k >= minLen && containsLowered(cs, to - k, to, spread(h))) return true;
      }
      return false;
    }

    private static char lower(char c) {
      if (c < 128) return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      return Character.toLowerCase(c);
    }

    /** Whether the set holds the lower case of {@code cs[from, to)}; {@code hash} is its spread reverse hash. */
    private boolean containsLowered(char[] cs, int from, int to, int hash) {
      int n = to - from;
      int h = hash & mask;
      String k;
      probe:
      while ((k = keys[h]) != null) {
        if (k.length() == n) {
          for (int j = 0; j < n; j++) {
            if (k.charAt(j) != lower(cs[from + j])) {
              h = (h + 1) & mask;
              continue probe;
            }
          }
          return true;
        }
        h = (h + 1) & mask;
      }
      return false;
    }

    /** Whether the set holds {@code word.substring(from)}; {@code hash} is its spread reverse hash. */
    private boolean contains(String word, int from, int hash) {
      int n = word.length() - from;
      int h = hash & mask;
      String k;
      while ((k = keys[h]) != null) {
        if (k.length() == n && word.regionMatches(from, k, 0, n)) return true;
        h = (h + 1) & mask;
      }
      return false;
    }
  }
}
