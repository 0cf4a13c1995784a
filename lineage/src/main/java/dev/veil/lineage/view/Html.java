package dev.veil.lineage.view;

import java.nio.charset.StandardCharsets;

/**
 * Escaping for the lineage page, which is both HTML5 and well-formed XML (XHTML syntax). Every
 * string that comes from an event goes through {@link #esc}. Stateless and thread-safe.
 */
final class Html {
  private Html() {}

  /**
   * Escapes text for element content and for attribute values (either quote style). The output is
   * pure ASCII: non-ASCII characters become numeric character references, so the page reads the
   * same whatever encoding it is saved in. Characters that XML 1.0 forbids even as references (C0
   * controls other than tab, newline and carriage return; lone surrogates; U+FFFE/U+FFFF) become
   * U+FFFD. A null string renders as the empty string.
   */
  static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int cp;
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        cp = Character.toCodePoint(c, s.charAt(i + 1));
        i += 2;
      } else {
        cp = Character.isSurrogate(c) ? 0xFFFD : c;
        i++;
      }
      switch (cp) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        case '\t', '\n' -> b.append((char) cp);
        case '\r' -> b.append("&#13;");
        default -> {
          if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) {
            b.append("&#xFFFD;");
          } else if (cp < 0x7F) {
            b.append((char) cp);
          } else {
            b.append("&#x").append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT)).append(';');
          }
        }
      }
    }
    return b.toString();
  }

  /**
   * An element id (or id suffix) for arbitrary text: letters, digits and {@code . _ : -} are kept,
   * everything else is percent-encoded as UTF-8 bytes. The result has no whitespace, so it is a valid
   * HTML5 id, and distinct inputs give distinct outputs.
   */
  static String idPart(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : (s == null ? "" : s).getBytes(StandardCharsets.UTF_8)) {
      int v = x & 0xFF;
      if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') || v == '.' || v == '_' || v == ':' || v == '-') {
        b.append((char) v);
      } else {
        b.append('%').append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
      }
    }
    return b.toString();
  }

  /**
   * A readable, unambiguous id part for a (namespace, name) pair: {@code idPart(namespace) + "/" +
   * name} with the name percent-encoded like {@link #idPart} except that {@code /} is kept. The
   * namespace never contains a literal {@code /}, so the first one separates the two.
   */
  static String qualifiedIdPart(String namespace, String name) {
    return idPart(namespace) + "/" + idPart(name).replace("%2f", "/");
  }

  /** Shortens text to at most {@code max} characters, keeping the tail (paths end in their most telling part). */
  static String tail(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) return s;
    int start = s.offsetByCodePoints(s.length(), -(max - 1));
    return "\u2026" + s.substring(start);
  }

  /** Shortens text to at most {@code max} characters, keeping the head. */
  static String head(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) return s;
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "\u2026";
  }
}
