package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * GitHub tokens: classic tokens {@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_} or
 * {@code ghr_} followed by exactly 36 alphanumerics, and fine-grained personal access tokens
 * {@code github_pat_} followed by at least 71 word characters. The last six characters of a
 * classic token are a CRC32 checksum whose exact encoding GitHub has not published, so it is not
 * verified; the vendor prefix and exact length score 0.9.
 */
public final class GithubTokenRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("GITHUB_TOKEN");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "github-token-format";
  }

  @Override
  public List<String> nameHints() {
    return List.of("github_token", "gh_token", "github_pat");
  }

  @Override
  public List<String> contextWords() {
    return List.of("github", "token", "pat");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.anchors("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_");
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isAlnum(c) || c == '_';
  }

  @Override
  protected int minLength() {
    return 40;
  }

  @Override
  protected int maxLength() {
    return 255;
  }

  @Override
  protected double score(String t) {
    if (t.startsWith("github_pat_")) {
      return t.length() >= 82 && t.length() <= 255 ? 0.9 : -1;
    }
    if (t.length() != 40 || t.charAt(0) != 'g' || t.charAt(1) != 'h' || "pousr".indexOf(t.charAt(2)) < 0 || t.charAt(3) != '_') return -1;
    for (int i = 4; i < 40; i++) {
      if (!isAlnum(t.charAt(i))) return -1;
    }
    return 0.9;
  }

  @Override
  protected String explanation() {
    return "GitHub token pattern (ghp_/gho_/ghu_/ghs_/ghr_ + 36 alphanumerics, or github_pat_ fine-grained token)";
  }
}
