package dev.veil.privacy.dp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal parser for the protobuf text-format subset used by Google's DP test vectors: nested
 * {@code name { ... }} messages, {@code name: scalar} fields (numbers, identifiers, double-quoted
 * strings), {@code name: [v1, v2, ...]} lists of scalars (each element is appended to the repeated field; an
 * empty list adds nothing), and {@code #} comments. Repeated fields become lists. Test-only; public for the
 * tests of {@code dev.veil.privacy.dp.aggregate}.
 */
public final class TextProto {
  /** A parsed message: field name to the list of values (String for scalars, Message for nested). */
  public static final class Message {
    final Map<String, List<Object>> fields = new LinkedHashMap<>();

    public List<Message> messages(String name) {
      List<Message> out = new ArrayList<>();
      for (Object o : fields.getOrDefault(name, List.of())) {
        out.add((Message) o);
      }
      return out;
    }

    public Message message(String name) {
      List<Message> all = messages(name);
      if (all.size() != 1) {
        throw new IllegalStateException("expected exactly one '" + name + "', found " + all.size());
      }
      return all.get(0);
    }

    public String string(String name) {
      List<Object> values = fields.get(name);
      if (values == null || values.size() != 1) {
        throw new IllegalStateException("expected exactly one '" + name + "'");
      }
      return (String) values.get(0);
    }

    /** The scalar values of a repeated field (empty if absent). */
    public List<String> strings(String name) {
      List<String> out = new ArrayList<>();
      for (Object o : fields.getOrDefault(name, List.of())) {
        out.add((String) o);
      }
      return out;
    }

    public double number(String name, double ifAbsent) {
      return fields.containsKey(name) ? Double.parseDouble(string(name)) : ifAbsent;
    }

    void add(String name, Object value) {
      fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
  }

  private final String text;
  private int pos;

  private TextProto(String text) {
    this.text = text;
  }

  public static Message parse(String text) {
    TextProto p = new TextProto(text);
    Message root = p.parseFields(false);
    return root;
  }

  private Message parseFields(boolean nested) {
    Message m = new Message();
    while (true) {
      skipSpaceAndComments();
      if (pos >= text.length()) {
        if (nested) {
          throw error("unexpected end of input, missing '}'");
        }
        return m;
      }
      if (text.charAt(pos) == '}') {
        if (!nested) {
          throw error("unbalanced '}'");
        }
        pos++;
        return m;
      }
      String name = token();
      skipSpaceAndComments();
      char c = text.charAt(pos);
      if (c == ':') {
        pos++;
        skipSpaceAndComments();
        if (text.charAt(pos) == '{') {
          pos++;
          m.add(name, parseFields(true));
        } else if (text.charAt(pos) == '[') {
          pos++;
          skipSpaceAndComments();
          while (text.charAt(pos) != ']') {
            m.add(name, scalar());
            skipSpaceAndComments();
            if (text.charAt(pos) == ',') {
              pos++;
              skipSpaceAndComments();
            } else if (text.charAt(pos) != ']') {
              throw error("expected ',' or ']' in a list");
            }
          }
          pos++;
        } else {
          m.add(name, scalar());
        }
      } else if (c == '{') {
        pos++;
        m.add(name, parseFields(true));
      } else {
        throw error("expected ':' or '{' after '" + name + "'");
      }
    }
  }

  private String scalar() {
    if (text.charAt(pos) == '"') {
      StringBuilder sb = new StringBuilder();
      pos++;
      while (text.charAt(pos) != '"') {
        char c = text.charAt(pos++);
        if (c == '\\') {
          c = text.charAt(pos++);
        }
        sb.append(c);
      }
      pos++;
      return sb.toString();
    }
    return token();
  }

  private String token() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '+') {
        pos++;
      } else {
        break;
      }
    }
    if (start == pos) {
      throw error("expected a name or value");
    }
    return text.substring(start, pos);
  }

  private void skipSpaceAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private IllegalStateException error(String what) {
    int line = 1;
    for (int i = 0; i < Math.min(pos, text.length()); i++) {
      line += text.charAt(i) == '\n' ? 1 : 0;
    }
    return new IllegalStateException("text proto line " + line + ": " + what);
  }
}
