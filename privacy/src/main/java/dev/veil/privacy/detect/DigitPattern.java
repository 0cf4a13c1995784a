package dev.veil.privacy.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A regular expression over the ASCII digits compiled to a deterministic automaton, for full matches
 * of the national-number patterns in libphonenumber's metadata (and prefix matches of its
 * leading-digits and international-prefix patterns) without {@code java.util.regex}. {@link
 * #compile} accepts a small subset of {@code java.util.regex} syntax and answers what {@code
 * Pattern.matches(regex, input)} (and {@code lookingAt()}) answers for every input: literal digits {@code 0-9}; {@code \d}; a
 * character class of digits, digit ranges and {@code \d} ({@code [0-24-9]}, not negated, no nested
 * classes or intersections); capturing and {@code (?:...)} groups; alternation {@code |} (empty
 * alternatives included); the greedy quantifiers {@code ?}, {@code *}, {@code +}, {@code {n}},
 * {@code {m,n}} and {@code {m,}}, one per atom. It returns empty for anything else (any other
 * character, escape, group kind, a lazy or possessive quantifier, a quantifier with nothing to repeat
 * or on another quantifier, a bound above {@link #MAX_BOUND}, groups nested deeper than {@link
 * #MAX_DEPTH}) and for a pattern whose automaton would have more than the given number of states (or
 * whose repetitions expand to too many NFA states); the caller then keeps {@code java.util.regex}.
 * The subset is matched exactly rather than read leniently: a pattern outside it is never misread as
 * one inside it. The automaton is built eagerly (Thompson's NFA, then the subset construction).
 *
 * <p>Immutable and thread-safe: a match reads only the final transition table.
 */
final class DigitPattern {
  /** The default limit on the automaton's states. */
  static final int MAX_STATES = 2048;
  /** The largest bound of a counted quantifier the parser accepts. */
  static final int MAX_BOUND = 100;
  /** The deepest nesting of groups the parser accepts. */
  static final int MAX_DEPTH = 50;
  /** The most NFA states a pattern may expand to (counted quantifiers copy their operand). */
  private static final int MAX_NFA_STATES = 20_000;

  private final String regex;
  /** {@code next[10 * state + digit]}: the next state, or -1 when no match can follow. State 0 is the start. */
  private final int[] next;
  private final boolean[] accepting;

  private DigitPattern(String regex, int[] next, boolean[] accepting) {
    this.regex = regex;
    this.next = next;
    this.accepting = accepting;
  }

  /** {@link #compile(String, int)} with {@link #MAX_STATES}. */
  static Optional<DigitPattern> compile(String regex) {
    return compile(regex, MAX_STATES);
  }

  /**
   * The automaton of {@code regex}, or empty when the pattern uses syntax outside the subset in the
   * class description or its automaton would exceed {@code maxStates} states.
   */
  static Optional<DigitPattern> compile(String regex, int maxStates) {
    if (regex == null) throw new IllegalArgumentException("regex must not be null");
    if (maxStates < 1) throw new IllegalArgumentException("maxStates must be >= 1. Provided value: " + maxStates);
    Node ast = new Parser(regex).parseAll();
    if (ast == null) return Optional.empty();
    Nfa nfa = new Nfa();
    int[] frag = nfa.build(ast);
    if (frag == null) return Optional.empty();
    return nfa.determinize(frag[0], frag[1], maxStates).map(t -> new DigitPattern(regex, t.next, t.accepting));
  }

  /** Whether all of {@code s[from..]} matches, as {@code Pattern.matches(regex, s.substring(from))} would answer. */
  boolean matches(String s, int from) {
    int[] t = next;
    int state = 0;
    for (int i = from, n = s.length(); i < n; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) return false;
      state = t[10 * state + d];
      if (state < 0) return false;
    }
    return accepting[state];
  }

  /**
   * Whether a prefix of {@code s[from..]} (the empty one included) matches, as {@code lookingAt()} on
   * that substring would answer (a backtracking matcher tries every way to match the pattern before it
   * fails, so it finds a matching prefix whenever there is one). Not where that match ends: the
   * automaton knows every matching prefix, not the one {@code java.util.regex} would pick.
   */
  boolean lookingAt(String s, int from) {
    int[] t = next;
    int state = 0;
    for (int i = from, n = s.length(); !accepting[state]; i++) {
      if (i == n) return false;
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) return false;
      state = t[10 * state + d];
      if (state < 0) return false;
    }
    return true;
  }

  /**
   * Whether {@code s} (digits) is a prefix of some string that matches: its walk does not leave the
   * automaton (every state of the construction can still reach a match).
   */
  boolean isPrefix(String s) {
    int state = 0;
    for (int i = 0, n = s.length(); i < n && state >= 0; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) return false;
      state = next[10 * state + d];
    }
    return state >= 0;
  }

  /** Whether all of {@code s} matches. */
  boolean matches(String s) {
    return matches(s, 0);
  }

  /** The number of states of the automaton (the dead state not counted). */
  int stateCount() {
    return accepting.length;
  }

  @Override
  public String toString() {
    return "DigitPattern[" + regex + ", " + accepting.length + " states]";
  }

  // ---- syntax tree ----

  private abstract static class Node {}

  /** One digit out of a set (bit {@code d} of {@code mask}). */
  private static final class DigitSet extends Node {
    final int mask;

    DigitSet(int mask) {
      this.mask = mask;
    }
  }

  private static final class Concat extends Node {
    final List<Node> items;

    Concat(List<Node> items) {
      this.items = items;
    }
  }

  private static final class Alt extends Node {
    final List<Node> options;

    Alt(List<Node> options) {
      this.options = options;
    }
  }

  /** {@code min} to {@code max} repetitions; {@code max == -1}: unbounded. */
  private static final class Repeat extends Node {
    final Node body;
    final int min;
    final int max;

    Repeat(Node body, int min, int max) {
      this.body = body;
      this.min = min;
      this.max = max;
    }
  }

  /** Recursive descent over the subset; every method returns null on syntax outside it. */
  private static final class Parser {
    private static final int ALL_DIGITS = 0x3FF;
    private final String p;
    private int pos;
    private int depth;

    Parser(String p) {
      this.p = p;
    }

    Node parseAll() {
      Node n = alternation();
      return n != null && pos == p.length() ? n : null;
    }

    private boolean more() {
      return pos < p.length();
    }

    private Node alternation() {
      List<Node> options = new ArrayList<>();
      while (true) {
        Node c = concatenation();
        if (c == null) return null;
        options.add(c);
        if (more() && p.charAt(pos) == '|') {
          pos++;
        } else {
          break;
        }
      }
      return options.size() == 1 ? options.get(0) : new Alt(options);
    }

    private Node concatenation() {
      List<Node> items = new ArrayList<>();
      while (more() && p.charAt(pos) != '|' && p.charAt(pos) != ')') {
        Node a = atom();
        if (a == null) return null;
        Node q = quantified(a);
        if (q == null) return null;
        items.add(q);
      }
      return items.size() == 1 ? items.get(0) : new Concat(items);
    }

    /** The atom with its quantifier, if one follows; null when a second quantifier or modifier follows it. */
    private Node quantified(Node a) {
      if (!more()) return a;
      char c = p.charAt(pos);
      Node out;
      if (c == '?') {
        pos++;
        out = new Repeat(a, 0, 1);
      } else if (c == '*') {
        pos++;
        out = new Repeat(a, 0, -1);
      } else if (c == '+') {
        pos++;
        out = new Repeat(a, 1, -1);
      } else if (c == '{') {
        out = counted(a);
        if (out == null) return null;
      } else {
        return a;
      }
      // a lazy (?) or possessive (+) modifier, or any quantifier on a quantifier: outside the subset
      if (more() && "?*+{".indexOf(p.charAt(pos)) >= 0) return null;
      return out;
    }

    private Node counted(Node a) {
      pos++; // '{'
      int min = number();
      if (min < 0 || !more()) return null;
      int max = min;
      if (p.charAt(pos) == ',') {
        pos++;
        if (!more()) return null;
        if (p.charAt(pos) == '}') {
          max = -1;
        } else {
          max = number();
          if (max < 0 || max < min) return null;
        }
      }
      if (!more() || p.charAt(pos) != '}') return null;
      pos++;
      return new Repeat(a, min, max);
    }

    /** A decimal number of at most {@link #MAX_BOUND}, or -1. */
    private int number() {
      int start = pos;
      int v = 0;
      while (more() && p.charAt(pos) >= '0' && p.charAt(pos) <= '9') {
        v = 10 * v + (p.charAt(pos) - '0');
        if (v > MAX_BOUND) return -1;
        pos++;
      }
      return pos > start ? v : -1;
    }

    private Node atom() {
      char c = p.charAt(pos);
      if (c >= '0' && c <= '9') {
        pos++;
        return new DigitSet(1 << (c - '0'));
      }
      if (c == '\\') {
        if (pos + 1 < p.length() && p.charAt(pos + 1) == 'd') {
          pos += 2;
          return new DigitSet(ALL_DIGITS);
        }
        return null;
      }
      if (c == '[') return characterClass();
      if (c == '(') {
        if (++depth > MAX_DEPTH) return null;
        pos++;
        if (more() && p.charAt(pos) == '?') {
          if (pos + 1 < p.length() && p.charAt(pos + 1) == ':') {
            pos += 2;
          } else {
            return null; // lookaround, named group, inline flags, atomic group: outside the subset
          }
        }
        Node inner = alternation();
        if (inner == null || !more() || p.charAt(pos) != ')') return null;
        pos++;
        depth--;
        return inner;
      }
      return null; // a quantifier with nothing to repeat, '.', '^', '$', ']', '}', letters, spaces, ...
    }

    /** {@code [...]} of digits, digit ranges and {@code \d}; null for anything else. */
    private Node characterClass() {
      pos++; // '['
      int mask = 0;
      boolean empty = true;
      while (true) {
        if (!more()) return null;
        char c = p.charAt(pos);
        if (c == ']') {
          if (empty) return null; // Java reads a ']' first in a class as a literal
          pos++;
          return new DigitSet(mask);
        }
        empty = false;
        if (c >= '0' && c <= '9') {
          if (pos + 1 < p.length() && p.charAt(pos + 1) == '-') {
            if (pos + 2 >= p.length()) return null;
            char hi = p.charAt(pos + 2);
            if (hi < c || hi > '9') return null; // a '-' not between two ascending digits
            for (char d = c; d <= hi; d++) mask |= 1 << (d - '0');
            pos += 3;
            if (more() && p.charAt(pos) == '-') return null; // "0-2-5": read differently by Java
          } else {
            mask |= 1 << (c - '0');
            pos++;
          }
        } else if (c == '\\' && pos + 1 < p.length() && p.charAt(pos + 1) == 'd') {
          mask |= ALL_DIGITS;
          pos += 2;
          if (more() && p.charAt(pos) == '-') return null;
        } else {
          return null; // '^', '-', '[', '&', other escapes, other characters
        }
      }
    }
  }

  // ---- automata ----

  /** The transition table of a DFA: {@code next[10 * state + digit]} (-1: dead) and its accepting states. */
  private static final class Table {
    final int[] next;
    final boolean[] accepting;

    Table(int[] next, boolean[] accepting) {
      this.next = next;
      this.accepting = accepting;
    }
  }

  /**
   * Thompson's construction: each state has either one digit-set edge ({@code mask} to {@code target})
   * or any number of epsilon edges.
   */
  private static final class Nfa {
    private final List<int[]> epsilon = new ArrayList<>();
    private final List<Integer> mask = new ArrayList<>();
    private final List<Integer> target = new ArrayList<>();
    private boolean tooBig;

    private int state() {
      if (epsilon.size() >= MAX_NFA_STATES) {
        tooBig = true;
        return 0;
      }
      epsilon.add(new int[0]);
      mask.add(0);
      target.add(-1);
      return epsilon.size() - 1;
    }

    private void eps(int from, int to) {
      int[] old = epsilon.get(from);
      int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
      grown[old.length] = to;
      epsilon.set(from, grown);
    }

    /** The fragment {@code {start, end}} of {@code n}, fresh states; null when the NFA grew too big. */
    int[] build(Node n) {
      int[] f = fragment(n);
      return tooBig ? null : f;
    }

    private int[] fragment(Node n) {
      if (tooBig) return new int[] {0, 0};
      if (n instanceof DigitSet) {
        int s = state();
        int e = state();
        if (tooBig) return new int[] {0, 0};
        mask.set(s, ((DigitSet) n).mask);
        target.set(s, e);
        return new int[] {s, e};
      }
      if (n instanceof Concat) {
        int s = state();
        int cur = s;
        for (Node item : ((Concat) n).items) {
          int[] f = fragment(item);
          if (tooBig) return f;
          eps(cur, f[0]);
          cur = f[1];
        }
        return new int[] {s, cur};
      }
      if (n instanceof Alt) {
        int s = state();
        int e = state();
        for (Node option : ((Alt) n).options) {
          int[] f = fragment(option);
          if (tooBig) return f;
          eps(s, f[0]);
          eps(f[1], e);
        }
        return new int[] {s, e};
      }
      Repeat r = (Repeat) n;
      int s = state();
      int cur = s;
      for (int k = 0; k < r.min; k++) {
        int[] f = fragment(r.body);
        if (tooBig) return f;
        eps(cur, f[0]);
        cur = f[1];
      }
      if (r.max < 0) {
        int loop = state();
        int[] f = fragment(r.body);
        if (tooBig) return f;
        eps(cur, loop);
        eps(loop, f[0]);
        eps(f[1], loop);
        return new int[] {s, loop};
      }
      int e = state();
      for (int k = r.min; k < r.max; k++) {
        int[] f = fragment(r.body);
        if (tooBig) return f;
        eps(cur, e); // stop here
        eps(cur, f[0]);
        cur = f[1];
      }
      eps(cur, e);
      return new int[] {s, e};
    }

    private BitSet closure(BitSet states) {
      BitSet out = (BitSet) states.clone();
      ArrayDeque<Integer> work = new ArrayDeque<>();
      for (int i = states.nextSetBit(0); i >= 0; i = states.nextSetBit(i + 1)) work.push(i);
      while (!work.isEmpty()) {
        for (int t : epsilon.get(work.pop())) {
          if (!out.get(t)) {
            out.set(t);
            work.push(t);
          }
        }
      }
      return out;
    }

    /** The subset construction from {@code start}, accepting where {@code end} is reached; empty past {@code maxStates}. */
    Optional<Table> determinize(int start, int end, int maxStates) {
      BitSet first = new BitSet();
      first.set(start);
      List<BitSet> subsets = new ArrayList<>();
      Map<BitSet, Integer> ids = new HashMap<>();
      BitSet init = closure(first);
      subsets.add(init);
      ids.put(init, 0);
      int[] next = new int[10 * 16];
      for (int k = 0; k < subsets.size(); k++) {
        BitSet cur = subsets.get(k);
        for (int d = 0; d < 10; d++) {
          BitSet moved = new BitSet();
          for (int i = cur.nextSetBit(0); i >= 0; i = cur.nextSetBit(i + 1)) {
            if ((mask.get(i) & (1 << d)) != 0) moved.set(target.get(i));
          }
          int id = -1;
          if (!moved.isEmpty()) {
            BitSet c = closure(moved);
            Integer known = ids.get(c);
            if (known == null) {
              if (subsets.size() >= maxStates) return Optional.empty();
              known = subsets.size();
              subsets.add(c);
              ids.put(c, known);
            }
            id = known;
          }
          if (10 * k + d >= next.length) next = java.util.Arrays.copyOf(next, 2 * next.length);
          next[10 * k + d] = id;
        }
      }
      boolean[] accepting = new boolean[subsets.size()];
      for (int k = 0; k < accepting.length; k++) accepting[k] = subsets.get(k).get(end);
      return Optional.of(new Table(java.util.Arrays.copyOf(next, 10 * subsets.size()), accepting));
    }
  }
}
