package dev.veil.privacy.detect;

import dev.veil.privacy.detect.eval.LabelledTextGenerator;
import dev.veil.privacy.detect.eval.PiiEvaluation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Developer tool (test scope, not a test): prints a SHA-256 fingerprint of everything the default
 * analyzer reports, so a change to the detection hot path can be shown to leave the output
 * identical. It hashes the type, offsets, score (exact bits), recognizer and explanation of every
 * span of both {@link Analyzer#analyze} and {@link Analyzer#candidates} over generated text (seeds
 * 42, 11 and 7, lower-cased records included) and over seeded random junk strings (digits,
 * separators, letters, {@code @}, {@code +} and non-BMP characters).
 *
 * <p>Run: {@code java -cp privacy/target/classes:privacy/target/test-classes:$(cat cp.txt)
 * dev.veil.privacy.detect.DetectFingerprint [textsPerSeed] [junk]}; compare the printed digests
 * before and after a change. The per-section digests narrow down where outputs differ.
 */
public final class DetectFingerprint {
  private DetectFingerprint() {}

  public static void main(String[] args) throws Exception {
    int perSeed = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int junk = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Analyzer analyzer = PiiEvaluation.defaultAnalyzer(List.of("US"));
    MessageDigest all = MessageDigest.getInstance("SHA-256");
    long chars = 0;
    long spans = 0;
    for (long seed : new long[] {42, 11, 7}) {
      MessageDigest section = MessageDigest.getInstance("SHA-256");
      LabelledTextGenerator gen = new LabelledTextGenerator(seed);
      for (int i = 0; i < perSeed; i++) {
        String text = gen.next().text();
        chars += text.length();
        spans += hash(section, all, analyzer, text);
      }
      System.out.println("seed " + seed + ": " + HexFormat.of().formatHex(section.digest()));
    }
    MessageDigest section = MessageDigest.getInstance("SHA-256");
    SplittableRandom random = new SplittableRandom(99);
    String alphabet = "0123456789      --..()+@/:abcXYZ\u00e9\ud83d\ude00";
    for (int i = 0; i < junk; i++) {
      int n = random.nextInt(1, 120);
      StringBuilder b = new StringBuilder(n);
      for (int j = 0; j < n; j++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = b.toString();
      chars += text.length();
      spans += hash(section, all, analyzer, text);
    }
    System.out.println("junk: " + HexFormat.of().formatHex(section.digest()));
    System.out.println(
        "all: " + HexFormat.of().formatHex(all.digest()) + " (" + chars + " chars, " + spans + " spans)");
  }

  private static int hash(MessageDigest section, MessageDigest all, Analyzer analyzer, String text) {
    StringBuilder b = new StringBuilder();
    List<Span> analyzed = analyzer.analyze(text);
    List<Span> candidates = analyzer.candidates(text);
    b.append(text.length()).append('\n');
    for (Span s : analyzed) {
      line(b.append("A "), s);
    }
    for (Span s : candidates) {
      line(b.append("C "), s);
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    section.update(bytes);
    all.update(bytes);
    return analyzed.size() + candidates.size();
  }

  private static void line(StringBuilder b, Span s) {
    b.append(s.entity())
        .append(' ')
        .append(s.start())
        .append(' ')
        .append(s.end())
        .append(' ')
        .append(Long.toHexString(Double.doubleToLongBits(s.score())))
        .append(' ')
        .append(s.recognizer())
        .append(' ')
        .append(s.explanation())
        .append('\n');
  }
}
