package dev.veil.privacy.detect.recognizers;

import dev.veil.core.schema.PiiClass;
import dev.veil.privacy.detect.Prefilter;
import java.util.List;

/**
 * Slack API tokens: {@code xoxb-} (bot), {@code xoxp-} (user), {@code xoxa-}, {@code xoxr-}
 * (refresh), {@code xoxs-}, {@code xoxe-} followed by at least ten characters in two or more
 * dash-separated parts holding digits (the workspace and user ids). Slack publishes no checksum; the
 * vendor prefix scores 0.85.
 */
public final class SlackTokenRecognizer extends TokenRecognizer {
  private static final long serialVersionUID = 1L;
  private static final PiiClass ENTITY = PiiClass.of("SLACK_TOKEN");

  @Override
  public PiiClass entity() {
    return ENTITY;
  }

  @Override
  public String id() {
    return "slack-token-format";
  }

  @Override
  public List<String> nameHints() {
    return List.of("slack_token", "slack");
  }

  @Override
  public List<String> contextWords() {
    return List.of("slack", "token", "bot");
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.anchors("xox");
  }

  @Override
  protected boolean isTokenChar(char c) {
    return isAlnum(c) || c == '-';
  }

  @Override
  protected int minLength() {
    return 15;
  }

  @Override
  protected int maxLength() {
    return 255;
  }

  @Override
  protected double score(String t) {
    if (!t.startsWith("xox") || "abprse".indexOf(t.charAt(3)) < 0 || t.charAt(4) != '-') return -1;
    int digits = 0;
    int parts = 1;
    for (int i = 5; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') digits++;
      if (c == '-') parts++;
    }
    return digits >= 4 && parts >= 2 && t.length() - 5 >= 10 ? 0.85 : -1;
  }

  @Override
  protected String explanation() {
    return "Slack token pattern (xoxa-/xoxb-/xoxp-/xoxr-/xoxs-/xoxe- + dash-separated alphanumerics)";
  }
}
