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

  /** Datafaker locale files read for names and places (the jar holds them at its root and under en/). */
  private static final List<String> LOCALES = List.of("ar", "be", "bg", "by", "ca", "ca-CAT", "cs", "cs-CZ", "da-DK", "de",
      "de-AT", "de-CH", "el-GR", "en", "en-AU", "en-au-ocker", "en-CA", "en-GB", "en-IE", "en-IN", "en-MS", "en-NEP", "en-NG",
      "en-NZ", "en-PAK", "en-PH", "en-PK", "en-SG", "en-UG", "en-US", "en-ZA", "es", "es-AR", "es-MX", "es-PY", "et", "fa",
      "fi-FI", "fr", "fr-CA", "fr-CH", "he", "hr", "hu", "hy", "id", "id-ID", "it", "ja", "ka", "ko", "lv", "mk", "nb-NO",
      "nl", "nl-BE", "no-NO", "pl", "pt", "pt-BR", "ro-MD", "ru", "ru-MD", "sk", "sq", "sv", "sv-SE", "ta", "ta-IN", "th",
      "tr", "uk", "uz", "vi", "zh-CN", "zh-TW");

  final Set<String> firstNames = new HashSet<>();
  final Set<String> lastNames = new HashSet<>();
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
  final Phrases companies = new Phrases();
  final Phrases professions = new Phrases();
  /** Lower-case endings the locale dictionaries build city names with (calabro, del friuli, aan de ijssel). */
  final Phrases citySuffixPhrases = new Phrases();

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
    addPhrases(m.get("name"), companies, 1);
    addPhrases(m.get("profession"), professions, 1);
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

  /** Token sequences (lower case, as {@link Tokens} splits them) mapped to a bit set of kinds. */
  static final class Phrases {
    private final Map<String, Integer> map = new HashMap<>();
    private final Set<String> firstOfLonger = new HashSet<>();
    private int maxTokens = 1;

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

    int maxTokens() {
      return maxTokens;
    }

    /** The kinds of the phrase made of tokens {@code [from, to)} of {@code t}, or 0. */
    int kinds(Tokens t, int from, int to) {
      if (to - from == 1) {
        Integer k = map.get(t.lower(from));
        return k == null ? 0 : k;
      }
      if (!firstOfLonger.contains(t.lower(from))) return 0; // no phrase of 2+ tokens starts with this token
      StringBuilder key = new StringBuilder();
      for (int i = from; i < to; i++) {
        if (i > from) key.append(' ');
        key.append(t.lower(i));
      }
      Integer k = map.get(key.toString());
      return k == null ? 0 : k;
    }

    /** Whether some phrase of two or more tokens starts with this (lower-case) token. */
    boolean startsLonger(String lower) {
      return firstOfLonger.contains(lower);
    }

    boolean containsSingle(String lower) {
      return map.containsKey(lower);
    }

    int size() {
      return map.size();
    }
  }
}
