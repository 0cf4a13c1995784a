package dev.veil.privacy.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.detect.recognizers.AbaRoutingRecognizer;
import dev.veil.privacy.detect.recognizers.AgeRecognizer;
import dev.veil.privacy.detect.recognizers.AuAbnRecognizer;
import dev.veil.privacy.detect.recognizers.AuAcnRecognizer;
import dev.veil.privacy.detect.recognizers.AuMedicareRecognizer;
import dev.veil.privacy.detect.recognizers.AuTfnRecognizer;
import dev.veil.privacy.detect.recognizers.AwsAccessKeyRecognizer;
import dev.veil.privacy.detect.recognizers.CaSinRecognizer;
import dev.veil.privacy.detect.recognizers.CreditCardRecognizer;
import dev.veil.privacy.detect.recognizers.CryptoRecognizer;
import dev.veil.privacy.detect.recognizers.DateOfBirthRecognizer;
import dev.veil.privacy.detect.recognizers.DateTimeRecognizer;
import dev.veil.privacy.detect.recognizers.DeTaxIdRecognizer;
import dev.veil.privacy.detect.recognizers.DomainNameRecognizer;
import dev.veil.privacy.detect.recognizers.EsNieRecognizer;
import dev.veil.privacy.detect.recognizers.EsNifRecognizer;
import dev.veil.privacy.detect.recognizers.FiPersonalIdentityCodeRecognizer;
import dev.veil.privacy.detect.recognizers.GithubTokenRecognizer;
import dev.veil.privacy.detect.recognizers.IbanRecognizer;
import dev.veil.privacy.detect.recognizers.InAadhaarRecognizer;
import dev.veil.privacy.detect.recognizers.InPanRecognizer;
import dev.veil.privacy.detect.recognizers.IpAddressRecognizer;
import dev.veil.privacy.detect.recognizers.ItFiscalCodeRecognizer;
import dev.veil.privacy.detect.recognizers.JwtRecognizer;
import dev.veil.privacy.detect.recognizers.MacAddressRecognizer;
import dev.veil.privacy.detect.recognizers.PlPeselRecognizer;
import dev.veil.privacy.detect.recognizers.PrivateKeyRecognizer;
import dev.veil.privacy.detect.recognizers.SecretRecognizer;
import dev.veil.privacy.detect.recognizers.SgNricRecognizer;
import dev.veil.privacy.detect.recognizers.SlackTokenRecognizer;
import dev.veil.privacy.detect.recognizers.UkNhsRecognizer;
import dev.veil.privacy.detect.recognizers.UkNinoRecognizer;
import dev.veil.privacy.detect.recognizers.UrlRecognizer;
import dev.veil.privacy.detect.recognizers.UsBankNumberRecognizer;
import dev.veil.privacy.detect.recognizers.UsDriverLicenseRecognizer;
import dev.veil.privacy.detect.recognizers.UsItinRecognizer;
import dev.veil.privacy.detect.recognizers.UsPassportRecognizer;
import dev.veil.privacy.detect.recognizers.UsSsnRecognizer;
import dev.veil.privacy.detect.recognizers.ZipCodeRecognizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.ahocorasick.trie.Trie;
import org.junit.jupiter.api.Test;

/**
 * The prefilter contract for every built-in recognizer: whenever {@link Recognizer#find} returns a
 * span for a text, the recognizer's {@link Prefilter} fires on that text's {@link TextProfile} and
 * its {@link Recognizer#scanCondition()} holds on that text's {@link TextScan}.
 * The corpus holds sentences with each entity, without any, and seeded random splices of entity
 * fragments (cut at every position, so partial anchors are exercised too).
 */
class PrefilterContractTest {

  static List<Recognizer> all() {
    return List.of(new EmailRecognizer(), new PhoneRecognizer(List.of("US", "GB", "DE", "IN")), new CreditCardRecognizer(), new UsSsnRecognizer(),
        new IbanRecognizer(), new IpAddressRecognizer(), new UkNhsRecognizer(), new InAadhaarRecognizer(), new CaSinRecognizer(),
        new UkNinoRecognizer(), new MacAddressRecognizer(), new UrlRecognizer(), new DomainNameRecognizer(), new DateTimeRecognizer(),
        new DateOfBirthRecognizer(), new AgeRecognizer(), new ZipCodeRecognizer(), new UsItinRecognizer(), new UsPassportRecognizer(),
        new UsDriverLicenseRecognizer(), new UsBankNumberRecognizer(), new AbaRoutingRecognizer(), new InPanRecognizer(), new EsNifRecognizer(),
        new EsNieRecognizer(), new ItFiscalCodeRecognizer(), new DeTaxIdRecognizer(), new SgNricRecognizer(), new AuTfnRecognizer(),
        new AuAbnRecognizer(), new AuAcnRecognizer(), new AuMedicareRecognizer(), new PlPeselRecognizer(), new FiPersonalIdentityCodeRecognizer(),
        new CryptoRecognizer(), new AwsAccessKeyRecognizer(), new GithubTokenRecognizer(), new SlackTokenRecognizer(), new JwtRecognizer(),
        new PrivateKeyRecognizer(), new SecretRecognizer());
  }

  static final List<String> SENTENCES = List.of(
      "Contact jane.doe@example.com or call +1 650-253-0000 today.",
      "Phone in Arabic-Indic digits: \u0660\u0662\u0660 \u0667\u0669\u0664\u0666 \u0660\u0660\u0660\u0660 and full width \uff10\uff12\uff10\uff17\uff19\uff14\uff16\uff10\uff10\uff10\uff10",
      "Card 4111 1111 1111 1111, SSN 536-22-1234, IBAN GB82 WEST 1234 5698 7654 32.",
      "IP 10.0.0.1 and fe80::1 and ::1 and MAC aa:bb:cc:dd:ee:ff, cisco abcd.ef01.2345",
      "NHS 943 476 5919, Aadhaar 2345 6789 0124, SIN 046 454 286, NINO QQ 12 34 56 C",
      "Visit https://example.com/a?b=1 or www.veil.dev, domain example.co.uk.",
      "Born on March 3, 2021 at 2pm; DOB: 1985-03-03; meeting 14:05; 3rd of March; aged 42; 7 years old.",
      "ZIP CA 94105-1234, postcode SW1A 1AA and GIR 0AA.",
      "ITIN 912-70-3456, passport A12345678, DL D1234567, account 12345678901, routing 011000015.",
      "PAN ABCPE1234F, NIF 12345678Z, NIE X1234567L, CF RSSMRA85T10A562S, CF RSSMRAPUTMLASRNG, NRIC S1234567D.",
      "TFN 123 456 782, ABN 51 824 753 556, ACN 005 749 986, PESEL 44051401359, HETU 131052-308T, Steuer-ID 86095742719.",
      "BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3, "
          + "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4, eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed.",
      "AWS AKIAIOSFODNN7EXAMPLE, GitHub ghp_abcdefghijklmnopqrstuvwxyz0123456789, Slack xoxb-1234567890-1234567890123-abcdefghijklmnopqrstuvwx.",
      "JWT eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
          + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
      "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----",
      "password: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "Girobank: GIR 0AA", "gir 0aa is lower case", "MAC AA:BB:CC:DD:EE:FA and fe80::abcd", "nif 12345678-Z, nie X-1234567-L",
      "Nothing personal here, just words and punctuation!", "", "a", "MiXeD CaSe WoRdS only", "1 2 3", "...@@@---:::///");

  /** How many times a recognizer's scan condition failed on a text in {@link #assertContract}. */
  private int conditionRejections;

  private void assertContract(List<Recognizer> rs, Trie trie, String text) {
    TextProfile p = TextProfile.of(text, trie);
    TextScan scan = TextScan.of(text);
    for (Recognizer r : rs) {
      boolean holds = r.scanCondition().holds(scan);
      if (!holds) conditionRejections++;
      if (!r.find(text).isEmpty()) {
        assertTrue(r.prefilter().fires(p), () -> r.id() + " found a span but its prefilter rejected the text (length " + text.length() + ")");
        assertTrue(holds, () -> r.id() + " found a span but its scan condition failed on the text (length " + text.length() + ")");
      }
    }
  }

  private static Trie trie(List<Recognizer> rs) {
    Set<String> anchors = new HashSet<>();
    for (Recognizer r : rs) anchors.addAll(r.prefilter().anchors());
    return TextProfile.trie(anchors);
  }

  @Test
  void everyRecognizer_findImpliesPrefilterFires_onTheCorpus() {
    List<Recognizer> rs = all();
    Trie trie = trie(rs);
    int found = 0;
    for (String s : SENTENCES) {
      assertContract(rs, trie, s);
      for (Recognizer r : rs) found += r.find(s).size();
    }
    assertTrue(found > 60, "the corpus must exercise the recognizers: " + found + " spans");
  }

  @Test
  void everyRecognizer_findImpliesPrefilterFires_onSplicedFragments() {
    List<Recognizer> rs = all();
    Trie trie = trie(rs);
    Random rnd = new Random(42);
    List<String> pieces = new ArrayList<>();
    for (String s : SENTENCES) {
      for (String w : s.split(" ")) pieces.add(w);
    }
    for (int i = 0; i < 400; i++) {
      StringBuilder sb = new StringBuilder();
      int k = 1 + rnd.nextInt(5);
      for (int j = 0; j < k; j++) {
        String w = pieces.get(rnd.nextInt(pieces.size()));
        int a = rnd.nextInt(w.length() + 1);
        int b = a + rnd.nextInt(w.length() - a + 1);
        sb.append(rnd.nextBoolean() ? w : w.substring(a, b)).append(" ,.:-/\n".charAt(rnd.nextInt(7)));
      }
      assertContract(rs, trie, sb.toString());
    }
    assertTrue(conditionRejections > 1000, "the scan conditions must reject texts: " + conditionRejections);
  }

  /**
   * The analyzer's precomputed firing masks ({@link Analyzer#fired}) select exactly the recognizers
   * whose {@link Prefilter#fires} holds on a text's profile, in recognizer order, also with more
   * than 64 recognizers (several mask words) and with custom prefilters (shapes, many anchors).
   */
  @Test
  void analyzerFiringMasks_equalEachPrefilter() {
    List<Recognizer> rs = new ArrayList<>(all());
    rs.addAll(all()); // more than 64 recognizers: the masks span two words
    rs.add(new DenyListRecognizer("project-deny-list", dev.veil.core.schema.PiiClass.of("PROJECT"), List.of("Blue Falcon", "été", "x"), 0.9));
    Analyzer analyzer = new Analyzer(rs, AnalyzerConfig.defaults());
    List<String> texts = new ArrayList<>(SENTENCES);
    dev.veil.privacy.detect.eval.LabelledTextGenerator g = new dev.veil.privacy.detect.eval.LabelledTextGenerator(7L);
    for (int i = 0; i < 2000; i++) texts.add(g.next().text());
    texts.add("ÉTÉ blue falcon X");
    Trie trie = trie(rs);
    int fired = 0;
    for (String text : texts) {
      TextProfile p = TextProfile.of(text, analyzer.anchorMatcherForTest());
      TextProfile reference = TextProfile.of(text, trie);
      long[] mask = analyzer.fired(p);
      for (int i = 0; i < rs.size(); i++) {
        boolean expected = rs.get(i).prefilter().fires(reference);
        boolean actual = (mask[i >>> 6] & (1L << i)) != 0;
        org.junit.jupiter.api.Assertions.assertEquals(expected, actual, rs.get(i).id() + " #" + i + " on a text of length " + text.length());
        if (actual) fired++;
      }
      for (int i = rs.size(); i < 64 * mask.length; i++) {
        org.junit.jupiter.api.Assertions.assertEquals(0, mask[i >>> 6] & (1L << i), "no recognizer " + i);
      }
    }
    assertTrue(fired > texts.size(), "recognizers must fire on the corpus: " + fired);
  }

  @Test
  void everyRecognizer_findImpliesPrefilterFires_onGeneratedText() {
    List<Recognizer> rs = all();
    Trie trie = trie(rs);
    dev.veil.privacy.detect.eval.LabelledTextGenerator g = new dev.veil.privacy.detect.eval.LabelledTextGenerator(20261126L);
    int found = 0;
    for (int i = 0; i < 3000; i++) {
      String text = g.next().text();
      assertContract(rs, trie, text);
      found += text.length() > 0 ? 1 : 0;
    }
    assertTrue(found > 2900, "the generator must produce text: " + found);
    assertTrue(conditionRejections > 10_000, "the scan conditions must reject texts: " + conditionRejections);
  }

  /**
   * The analyzer's second prefilter stage changes nothing: an analyzer whose recognizers hide their
   * scan conditions (each wrapped, answering {@link ScanCondition#NONE}) finds exactly the same spans
   * on generated texts and on the corpus.
   */
  @Test
  void analyzerScanConditions_changeNoFinding() {
    List<Recognizer> rs = all();
    List<Recognizer> hidden = new ArrayList<>();
    for (Recognizer r : rs) hidden.add(withoutCondition(r));
    Analyzer narrowed = new Analyzer(rs, AnalyzerConfig.defaults());
    Analyzer plain = new Analyzer(hidden, AnalyzerConfig.defaults());
    List<String> texts = new ArrayList<>(SENTENCES);
    dev.veil.privacy.detect.eval.LabelledTextGenerator g = new dev.veil.privacy.detect.eval.LabelledTextGenerator(11L);
    for (int i = 0; i < 3000; i++) texts.add(g.next().text());
    int spans = 0;
    for (String text : texts) {
      List<Span> a = narrowed.analyze(text);
      org.junit.jupiter.api.Assertions.assertEquals(plain.analyze(new String(text)), a, "a text of length " + text.length());
      spans += a.size();
    }
    assertTrue(spans > 2000, "the texts must hold findings: " + spans);
  }

  /**
   * The scan condition of a recognizer is never stricter than what its own validation accepts:
   * every token of the corpus (split at white space and {@code ,;}, trailing {@code .} dropped) that
   * a recognizer {@link Recognizer#validates validates} on its own satisfies that recognizer's
   * condition. {@code validates} does not consult the condition, so this fails when a condition
   * (a token recognizer's minimum digits, say) is above what a valid token holds, which the tests
   * through {@code find} cannot see (find exits early on the same condition).
   */
  @Test
  void everyRecognizer_validatedTokensSatisfyTheScanCondition() {
    List<Recognizer> rs = all();
    List<String> tokens = new ArrayList<>();
    List<String> texts = new ArrayList<>(SENTENCES);
    dev.veil.privacy.detect.eval.LabelledTextGenerator g = new dev.veil.privacy.detect.eval.LabelledTextGenerator(3L);
    for (int i = 0; i < 2000; i++) texts.add(g.next().text());
    for (String text : texts) {
      for (String tok : text.split("[\\s,;]+")) {
        String t = tok.endsWith(".") ? tok.substring(0, tok.length() - 1) : tok;
        if (!t.isEmpty()) tokens.add(t);
      }
    }
    int validated = 0;
    java.util.Set<String> checked = new HashSet<>();
    for (String t : tokens) {
      for (Recognizer r : rs) {
        if (r.scanCondition().none() || !r.validates(t)) continue;
        validated++;
        checked.add(r.id());
        assertTrue(r.scanCondition().holds(TextScan.of(new String(t))), () -> r.id() + " validates a token its scan condition rejects (length " + t.length() + ")");
      }
    }
    assertTrue(validated > 100, "the corpus must hold tokens the conditional recognizers validate: " + validated);
    for (String id : List.of("us-passport-context", "es-nie-mod23", "es-nif-mod23", "sg-nric-fin-check-letter", "fi-hetu-mod31", "in-pan-format")) {
      assertTrue(checked.contains(id), "no token of the corpus exercised " + id);
    }
  }

  private static Recognizer withoutCondition(Recognizer r) {
    return new Recognizer() {
      @Override
      public dev.veil.core.schema.PiiClass entity() {
        return r.entity();
      }

      @Override
      public String id() {
        return r.id();
      }

      @Override
      public boolean validates(String value) {
        return r.validates(value);
      }

      @Override
      public List<String> nameHints() {
        return r.nameHints();
      }

      @Override
      public List<Span> find(String text) {
        return r.find(text);
      }

      @Override
      public Prefilter prefilter() {
        return r.prefilter();
      }

      @Override
      public List<String> contextWords() {
        return r.contextWords();
      }
    };
  }

  @Test
  void shapesAreFoundWhereTheyOccurAndOnlyThere() {
    org.junit.jupiter.api.Assertions.assertEquals(Prefilter.ALNUM_DOT_ALNUM, TextProfile.shapes("see example.org now"));
    org.junit.jupiter.api.Assertions.assertEquals(
        Prefilter.ALNUM_DOT_ALNUM | Prefilter.DIGIT_DOT_DIGIT | Prefilter.HEX_SEPARATOR_HEX, TextProfile.shapes("v 10.0"));
    org.junit.jupiter.api.Assertions.assertEquals(Prefilter.HEX_SEPARATOR_HEX, TextProfile.shapes("0a:1b"));
    org.junit.jupiter.api.Assertions.assertEquals(Prefilter.HEX_SEPARATOR_HEX, TextProfile.shapes("de-ad"));
    org.junit.jupiter.api.Assertions.assertEquals(0, TextProfile.shapes("The end. Next: well-known x-ray."));
    org.junit.jupiter.api.Assertions.assertEquals(0, TextProfile.shapes(".a.")); // a separator at either end
    org.junit.jupiter.api.Assertions.assertEquals(Prefilter.FIVE_DIGITS, TextProfile.shapes("zip 94105"));
    org.junit.jupiter.api.Assertions.assertEquals(0, TextProfile.shapes("1234 x 56"));
    org.junit.jupiter.api.Assertions.assertEquals(Prefilter.DIGIT_UPPER_UPPER, TextProfile.shapes("SW1A 1AA"));
    org.junit.jupiter.api.Assertions.assertEquals(0, TextProfile.shapes("1Aa 1aA A1A"));
    org.junit.jupiter.api.Assertions.assertEquals(Prefilter.UPPER_UPPER_DIGIT_DIGIT, TextProfile.shapes("IBAN GB82 WEST"));
    org.junit.jupiter.api.Assertions.assertEquals(0, TextProfile.shapes("Gb82 gB82 G82 GB8 G B82"));
  }
}
