package dev.veil.privacy.detect;

import dev.veil.core.schema.PiiClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * Reports every occurrence of listed words or phrases as {@code entity}: a deny list (project code
 * names, internal host names, a customer list). Matching is ASCII case-insensitive and on whole
 * words, in one Aho-Corasick pass whatever the list's length; every listed word is also a prefilter
 * anchor, so texts without any of them cost nothing more.
 *
 * <p>Immutable, serializable (the automaton is rebuilt after deserialization) and thread-safe.
 */
public final class DenyListRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final PiiClass entity;
  private final Set<String> words;
  private final double score;
  private transient volatile Trie trie;

  /** @throws IllegalArgumentException when the list is empty or the score is not in (0, 1] */
  public DenyListRecognizer(String id, PiiClass entity, List<String> words, double score) {
    if (words == null || words.isEmpty()) {
      throw new IllegalArgumentException("deny list of recognizer '" + id + "' must name at least one word");
    }
    if (!(score > 0 && score <= 1)) {
      throw new IllegalArgumentException("score of recognizer '" + id + "' must be > 0 and <= 1. Provided value: " + score);
    }
    TreeSet<String> w = new TreeSet<>();
    for (String s : words) {
      if (s != null && !s.isBlank()) w.add(s.trim().toLowerCase(Locale.ROOT));
    }
    this.id = id;
    this.entity = entity;
    this.words = Set.copyOf(w);
    this.score = score;
  }

  private Trie trie() {
    Trie t = trie;
    if (t == null) {
      Trie.TrieBuilder b = Trie.builder().ignoreCase().onlyWholeWords().ignoreOverlaps();
      words.forEach(b::addKeyword);
      t = b.build();
      trie = t;
    }
    return t;
  }

  @Override
  public PiiClass entity() {
    return entity;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public boolean validates(String value) {
    return value != null && words.contains(value.trim().toLowerCase(Locale.ROOT));
  }

  @Override
  public List<String> nameHints() {
    return List.of();
  }

  @Override
  public Prefilter prefilter() {
    return new Prefilter(words, 0, false, false);
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null || text.isEmpty()) return out;
    for (Emit e : trie().parseText(text)) {
      out.add(new Span(entity, e.getStart(), e.getEnd() + 1, score, id, "deny list '" + id + "'"));
    }
    out.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return out;
  }
}
