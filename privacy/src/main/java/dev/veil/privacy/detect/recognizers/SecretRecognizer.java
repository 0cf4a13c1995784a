package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * High-entropy secrets (API keys, passwords, tokens without a vendor format): tokens of 20 to 512
 * characters over {@code [A-Za-z0-9+/_.~-]} that mix letters and digits and whose Shannon entropy,
 * computed over the token's own character frequencies, is at least 3.5 bits per character (3.0 for
 * tokens of 32 characters or more, such as hex keys). Random-looking identifiers (UUIDs, hashes) pass
 * too, so the base score is 0.3, below the analyzer's minimum: a secret is reported only when a
 * context word such as "key", "secret", "password" or "token" is near. Vendor-format secrets (AWS,
 * GitHub, Slack, JWT) have their own recognizers with higher scores and win overlaps.
 */
public final class SecretRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("SECRET");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "secret-entropy-context";
  }

  @Override
  public List<String> nameHints() {
    return List.of("secret", "password", "passwd", "pwd", "token", "api_key", "apikey", "credential", "private_key");
  }

  @Override
  public List<String> contextWords() {
    return List.of("key", "secret", "password", "passwd", "pwd", "token", "apikey", "credential", "credentials", "auth", "bearer");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.digits(1);
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isAlnum(c) || c == '+' || c == '/' || c == '_' || c == '.' || c == '~' || c == '-';
  }

  @Override
  protected int minLength() {
    return 20;
  }

  @Override
  protected int maxLength() {
    return 512;
  }

  @Override
  protected double score(String t) {
    boolean letter = false;
    boolean digit = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      letter |= c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
      digit |= c >= '0' && c <= '9';
    }
    if (!letter || !digit) return -1;
    double h = entropy(t);
    return h >= (t.length() >= 32 ? 3.0 : 3.5) ? 0.3 : -1;
  }

  /** Shannon entropy in bits per character of the character distribution of {@code s}. */
  public static double entropy(String s) {
    if (s.isEmpty()) return 0;
    java.util.Map<Character, Integer> counts = new java.util.HashMap<>();
    for (int i = 0; i < s.length(); i++) counts.merge(s.charAt(i), 1, Integer::sum);
    double h = 0;
    for (int c : counts.values()) {
      double p = (double) c / s.length();
      h -= p * Math.log(p) / Math.log(2);
    }
    return h;
  }

  @Override
  protected String explanation() {
    return "token of 20+ key characters mixing letters and digits with Shannon entropy >= 3.5 bits/char (3.0 from 32 chars)";
  }

  /** Its shape is shared by many ordinary values: a column needs a name hint to be classified as it. */
  @Override
  public boolean needsNameHint() {
    return true;
  }
}
