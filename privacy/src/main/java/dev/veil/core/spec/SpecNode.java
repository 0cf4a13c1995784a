package dev.veil.core.spec;

import dev.veil.core.error.SpecException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A node of a YAML (or JSON) spec document that remembers where it came from, so every error can
 * name the file, line, column and key, and say what is allowed. Typed accessors fail with a
 * {@link SpecException} of the form {@code file:line:col: path: message}.
 *
 * <p>Immutable; safe to share.
 */
public final class SpecNode {
  private final String file;
  private final String path;
  private final Node node;

  private SpecNode(String file, String path, Node node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  /**
   * Parses one YAML or JSON document.
   *
   * @param file the name to use in error messages
   */
  public static SpecNode parse(String file, Reader reader) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    options.setCodePointLimit(8 * 1024 * 1024);
    try {
      Node root = new Yaml(options).compose(reader);
      if (root == null) {
        throw new SpecException(file + ": the spec is empty");
      }
      return new SpecNode(file, "", root);
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark();
      String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
      throw new SpecException(where + ": not valid YAML: " + e.getProblem(), e);
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new SpecException(file + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  public String file() {
    return file;
  }

  /** The key path of this node, like {@code stages[2].columns}; empty for the root. */
  public String path() {
    return path;
  }

  public int line() {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  public int column() {
    return node.getStartMark() == null ? 0 : node.getStartMark().getColumn() + 1;
  }

  /** {@code file:line:col} of this node. */
  public String location() {
    return file + ":" + line() + ":" + column();
  }

  /** A {@link SpecException} at this node. */
  public SpecException error(String message) {
    return new SpecException(location() + ": " + (path.isEmpty() ? "" : path + ": ") + message);
  }

  public boolean isMap() {
    return node instanceof MappingNode;
  }

  public boolean isList() {
    return node instanceof SequenceNode;
  }

  public boolean isScalar() {
    return node instanceof ScalarNode;
  }

  public boolean isNull() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  /** The entries of a mapping, in document order. */
  public Map<String, SpecNode> asMap() {
    if (!(node instanceof MappingNode m)) {
      throw error("expected a mapping (key: value lines), found " + kind());
    }
    Map<String, SpecNode> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw new SpecNode(file, path, t.getKeyNode()).error("keys must be plain strings");
      }
      String key = k.getValue();
      String keyPath = path.isEmpty() ? key : path + "." + key;
      if (out.containsKey(key)) {
        // compose() does not apply LoaderOptions.setAllowDuplicateKeys(false); only construction would
        throw new SpecNode(file, keyPath, k).error("duplicate key '" + key + "'; each key may appear once");
      }
      out.put(key, new SpecNode(file, keyPath, t.getValueNode()));
    }
    return out;
  }

  /** The elements of a sequence. */
  public List<SpecNode> asList() {
    if (!(node instanceof SequenceNode s)) {
      throw error("expected a list, found " + kind());
    }
    List<SpecNode> out = new ArrayList<>();
    int i = 0;
    for (Node n : s.getValue()) {
      out.add(new SpecNode(file, path + "[" + i++ + "]", n));
    }
    return out;
  }

  /**
   * Fails on any key not in {@code allowed}, naming the allowed keys and the nearest one.
   *
   * @param what how to call this mapping in the message, like {@code "stage 'cast'"}
   */
  public SpecNode allowOnly(Collection<String> allowed, String what) {
    MappingNode m = (MappingNode) (isMap() ? node : null);
    if (m == null) {
      throw error("expected a mapping for " + what + ", found " + kind());
    }
    asMap(); // fails on keys that are not plain strings, or appear twice
    for (NodeTuple t : m.getValue()) {
      String key = ((ScalarNode) t.getKeyNode()).getValue();
      if (!allowed.contains(key)) {
        String near = nearest(key, allowed);
        throw new SpecNode(file, path.isEmpty() ? key : path + "." + key, t.getKeyNode())
            .error("unknown key '" + key + "' in " + what + ". Allowed keys: " + String.join(", ", new TreeSet<>(allowed))
                + (near == null ? "" : ". Did you mean '" + near + "'?"));
      }
    }
    return this;
  }

  /** The value of {@code key}, if present and not null. */
  public Optional<SpecNode> get(String key) {
    SpecNode v = asMap().get(key);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
  }

  /** The value of {@code key}; fails naming the key when it is missing. */
  public SpecNode require(String key, String what) {
    return get(key).orElseThrow(() -> error("missing required key '" + key + "' in " + what));
  }

  public String asString() {
    if (!(node instanceof ScalarNode s) || isNull()) {
      throw error("expected a string, found " + kind());
    }
    return s.getValue();
  }

  public long asLong() {
    String v = scalar("an integer");
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw error("expected an integer, found '" + v + "'");
    }
  }

  public int asInt(int min, int max) {
    long v = asLong();
    if (v < min || v > max) {
      throw error("must be >= " + min + " and <= " + max + ". Provided value: " + v);
    }
    return (int) v;
  }

  public double asDouble() {
    String v = scalar("a number");
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw error("expected a number, found '" + v + "'");
    }
  }

  public boolean asBoolean() {
    String v = scalar("true or false");
    if (((ScalarNode) node).getTag().equals(Tag.BOOL) || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on") || v.equals("y");
    }
    throw error("expected true or false, found '" + v + "'");
  }

  /** A single string or a list of strings. */
  public List<String> asStringList() {
    List<String> out = new ArrayList<>();
    if (isScalar()) {
      out.add(asString());
    } else {
      for (SpecNode n : asList()) {
        out.add(n.asString());
      }
    }
    return out;
  }

  private String scalar(String expected) {
    if (!(node instanceof ScalarNode s) || isNull()) {
      throw error("expected " + expected + ", found " + kind());
    }
    return s.getValue();
  }

  private String kind() {
    if (isNull()) return "nothing (null)";
    if (node instanceof MappingNode) return "a mapping";
    if (node instanceof SequenceNode) return "a list";
    return "'" + ((ScalarNode) node).getValue() + "'";
  }

  /** The allowed word closest to {@code key} by edit distance, if close enough to be a typo. */
  static String nearest(String key, Collection<String> allowed) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String a : allowed) {
      int d = distance(key.toLowerCase(), a.toLowerCase());
      if (d < bestD) {
        bestD = d;
        best = a;
      }
    }
    return best != null && bestD <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
