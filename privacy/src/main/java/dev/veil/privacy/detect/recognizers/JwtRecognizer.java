package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * JSON Web Tokens (JWS compact serialization): three base64url parts joined by dots, whose header
 * decodes to a JSON object with an {@code "alg"} member and whose payload decodes to a JSON object.
 * Unsecured tokens (empty signature, {@code alg: none}) are not matched, since a sentence-ending dot
 * cannot be told from their empty third part. Scored 0.95: decoding and the JSON shape are a strong
 * structural check though no signature is verified (no key is known).
 */
public final class JwtRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("JWT");
  private static final int MAX = 16_384;

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "jwt-structure";
  }

  @Override
  public List<String> nameHints() {
    return List.of("jwt", "token", "bearer", "id_token", "access_token");
  }

  @Override
  public List<String> contextWords() {
    return List.of("jwt", "token", "bearer", "authorization");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.anchors("eyJ");
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isAlnum(c) || c == '-' || c == '_' || c == '.';
  }

  /** Only a sentence-ending dot is dropped: a base64url part may end with '-'. */
  @Override
  protected boolean isTrailingPunctuation(char c) {
    return c == '.';
  }

  @Override
  protected int minLength() {
    return 20;
  }

  @Override
  protected int maxLength() {
    return MAX;
  }

  @Override
  protected double score(String t) {
    return valid(t) ? 0.95 : -1;
  }

  /** Whether {@code t} is a JWS in compact form with a JSON header holding "alg" and a JSON payload. */
  public static boolean valid(String t) {
    if (!t.startsWith("eyJ") || t.length() > MAX) return false;
    int a = t.indexOf('.');
    int b = a < 0 ? -1 : t.indexOf('.', a + 1);
    if (a < 0 || b < 0 || t.indexOf('.', b + 1) >= 0 || b + 1 == t.length() || b == a + 1) return false;
    String header = decode(t.substring(0, a));
    String payload = decode(t.substring(a + 1, b));
    if (header == null || payload == null || decode(t.substring(b + 1)) == null) return false;
    return isObject(header) && isObject(payload) && hasMember(header, "alg");
  }

  private static String decode(String part) {
    if (part.length() % 4 == 1) return null;
    try {
      return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isObject(String json) {
    String j = json.strip();
    return j.length() >= 2 && j.charAt(0) == '{' && j.charAt(j.length() - 1) == '}';
  }

  /** Whether {@code "name"} occurs as a member name (a quoted string followed by a colon). */
  private static boolean hasMember(String json, String name) {
    String q = "\"" + name + "\"";
    int i = json.indexOf(q);
    while (i >= 0) {
      int p = i + q.length();
      while (p < json.length() && Character.isWhitespace(json.charAt(p))) p++;
      if (p < json.length() && json.charAt(p) == ':') return true;
      i = json.indexOf(q, i + 1);
    }
    return false;
  }

  @Override
  protected String explanation() {
    return "JWT pattern (three base64url parts); header decodes to a JSON object with \"alg\", payload to a JSON object";
  }
}
