package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import dev.veil.privacy.detect.Recognizer;
import dev.veil.privacy.detect.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * PEM-armoured private keys: a {@code -----BEGIN <label>PRIVATE KEY-----} line (labels such as
 * {@code RSA }, {@code EC }, {@code DSA }, {@code OPENSSH }, {@code ENCRYPTED } or none; also
 * {@code PGP PRIVATE KEY BLOCK}) through the matching {@code -----END ...-----} line. The span covers
 * the whole block, scored 1.0. A block cut off before its END line is matched from BEGIN through its
 * base64 body (whitespace, {@code A-Za-z0-9+/=}, and header lines), scored 0.9. The next END marker
 * is found once and reused, so many BEGIN lines without an END still cost linear time.
 */
public final class PrivateKeyRecognizer implements Recognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("PRIVATE_KEY");
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final int MAX_LABEL = 40;

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "pem-private-key";
  }

  @Override
  public List<String> nameHints() {
    return List.of("private_key", "privatekey", "pem", "ssh_key");
  }

  @Override
  public List<String> contextWords() {
    return List.of("key", "private", "pem", "ssh", "rsa");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.anchors("-----BEGIN");
  }

  @Override
  public boolean validates(String value) {
    if (value == null) return false;
    String v = value.trim();
    List<Span> s = find(v);
    return s.size() == 1 && s.get(0).start() == 0 && s.get(0).end() == v.length() && s.get(0).score() == 1.0;
  }

  /** End of the {@code -----BEGIN <label>-----} line at {@code i}, or -1; {@code label[0]} receives the label. */
  private static int header(String t, int i, String[] label) {
    int p = i + BEGIN.length();
    int limit = Math.min(t.length(), p + MAX_LABEL + 5);
    int q = -1;
    for (int k = p; k + 5 <= limit; k++) {
      if (t.startsWith("-----", k)) {
        q = k;
        break;
      }
    }
    if (q < 0) return -1;
    String l = t.substring(p, q);
    if (!(l.endsWith("PRIVATE KEY") || l.equals("PGP PRIVATE KEY BLOCK"))) return -1;
    for (int k = 0; k < l.length(); k++) {
      char c = l.charAt(k);
      if (!(c >= 'A' && c <= 'Z' || c == ' ')) return -1;
    }
    label[0] = l;
    return q + 5;
  }

  private static boolean isBody(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
        || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ':' || c == ',';
  }

  @Override
  public List<Span> find(String text) {
    List<Span> out = new ArrayList<>();
    if (text == null) return out;
    int nextEnd = -2; // cached index of the next END marker at or after the scan position; -1 none
    int i = text.indexOf(BEGIN);
    String[] label = new String[1];
    while (i >= 0) {
      int h = header(text, i, label);
      if (h < 0) {
        i = text.indexOf(BEGIN, i + 1);
        continue;
      }
      if (nextEnd != -1 && nextEnd < h) nextEnd = text.indexOf(END, h);
      int bodyEnd = h;
      while (bodyEnd < text.length() && isBody(text.charAt(bodyEnd))) bodyEnd++;
      String footer = END + label[0] + "-----";
      int end;
      double score;
      if (nextEnd >= 0 && nextEnd == bodyEnd && text.startsWith(footer, nextEnd)) {
        end = nextEnd + footer.length();
        score = 1.0;
      } else {
        end = bodyEnd;
        while (end > h && Character.isWhitespace(text.charAt(end - 1))) end--;
        score = 0.9;
        if (end - h < 16) {
          i = text.indexOf(BEGIN, h);
          continue;
        }
      }
      out.add(new Span(entity(), i, end, score, id(),
          score == 1.0 ? "PEM private key block (BEGIN ... PRIVATE KEY through matching END line)"
              : "PEM private key header with base64 body, END line missing"));
      i = text.indexOf(BEGIN, end);
    }
    return out;
  }
}
