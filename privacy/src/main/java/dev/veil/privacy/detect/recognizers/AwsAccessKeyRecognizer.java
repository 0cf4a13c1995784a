package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * AWS access key ids: a registered four-letter prefix ({@code AKIA} long-term, {@code ASIA}
 * temporary, and the {@code AGPA AIDA AROA AIPA ANPA ANVA ASCA} principal ids) and sixteen characters
 * of the base32 alphabet {@code A-Z2-7}, twenty in all. AWS publishes no checksum; the vendor prefix,
 * exact length and alphabet make chance matches in prose negligible, so scored 0.8 (a documented
 * exception to the format-only band).
 */
public final class AwsAccessKeyRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("AWS_ACCESS_KEY");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "aws-access-key-format";
  }

  @Override
  public List<String> nameHints() {
    return List.of("aws_access_key", "access_key", "aws_key", "access_key_id");
  }

  @Override
  public List<String> contextWords() {
    return List.of("aws", "access", "key", "akid");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.anchors("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ASCA");
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isUpperAlnum(c);
  }

  @Override
  protected int minLength() {
    return 20;
  }

  @Override
  protected int maxLength() {
    return 20;
  }

  @Override
  protected double score(String t) {
    if (!PREFIXES.contains(t.substring(0, 4))) return -1;
    for (int i = 4; i < 20; i++) {
      char c = t.charAt(i);
      if (!(isUpper(c) || c >= '2' && c <= '7')) return -1;
    }
    return 0.8;
  }

  @Override
  protected String explanation() {
    return "AWS key id pattern (AKIA/ASIA/... prefix + 16 base32 characters); no public checksum";
  }

  private static final java.util.Set<String> PREFIXES = java.util.Set.of("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ASCA");
}
