package dev.veil.privacy.detect.recognizers;

import static dev.veil.privacy.detect.recognizers.IdGenerators.assertEverySubstitutionFails;
import static dev.veil.privacy.detect.recognizers.TestNumbers.assertFoundInSentence;
import static dev.veil.privacy.detect.recognizers.TestNumbers.found;
import static dev.veil.privacy.detect.recognizers.TestNumbers.offsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.privacy.detect.Span;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CRYPTO (Base58Check, Bech32/Bech32m, EIP-55) and the secret recognizers (AWS, GitHub, Slack, JWT, PEM, entropy). */
class CryptoAndSecretRecognizersTest {
  private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String B32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final CryptoRecognizer CRYPTO = new CryptoRecognizer();

  // Published test vectors: the genesis block address, BIP 173 / BIP 350 examples, EIP-55 examples.
  private static final String GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
  private static final String P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy";
  private static final String BIP173_V0 = "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4";
  private static final String BIP173_V0_P2WSH = "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3";
  private static final String BIP350_V1 = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0";
  private static final List<String> EIP55 = List.of("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb");

  @Test
  void crypto_publishedVectors_validateAndAreFound() throws Exception {
    for (String v : List.of(GENESIS, P2SH, BIP173_V0, BIP173_V0_P2WSH, BIP350_V1)) {
      assertFoundInSentence(CRYPTO, v);
      assertEquals(1.0, CRYPTO.find("send to " + v).get(0).score(), v);
    }
    for (String v : EIP55) {
      assertFoundInSentence(CRYPTO, v);
      assertEquals(1.0, CRYPTO.find(v).get(0).score());
    }
  }

  @Test
  void crypto_generatedBase58Addresses_validate() throws Exception {
    Random r = new Random(7);
    for (int i = 0; i < 50; i++) {
      assertTrue(CRYPTO.validates(IdGenerators.base58Address(r, 0)));
      assertTrue(CRYPTO.validates(IdGenerators.base58Address(r, 5)));
      assertFalse(CRYPTO.validates(IdGenerators.base58Address(r, 111)), "testnet version byte with a 'm'/'n' prefix");
    }
  }

  @Test
  void crypto_everySingleCharacterChange_fails() {
    assertEverySubstitutionFails(CryptoChecks::bitcoinBase58, GENESIS, B58);
    assertEverySubstitutionFails(CryptoChecks::bitcoinBase58, P2SH, B58);
    assertEverySubstitutionFails(CryptoChecks::segwit, BIP173_V0_P2WSH, B32, 0, 1, 2);
    assertEverySubstitutionFails(CryptoChecks::segwit, BIP350_V1, B32, 0, 1, 2);
    for (String v : EIP55) {
      // flipping the case of any letter breaks the checksum
      for (int i = 2; i < 42; i++) {
        char c = v.charAt(i);
        if (!Character.isLetter(c)) continue;
        char f = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
        assertFalse(CryptoChecks.eip55(v.substring(0, i) + f + v.substring(i + 1)), v + " at " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", // BIP 350: version 0 with a Bech32m checksum
      "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", // BIP 350: invalid character
      "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4", // mixed case
      "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN", // one character short
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", // bad EIP-55 case
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", // 39 hex digits
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd"})
  void crypto_publishedInvalidAndNearMisses_fail(String v) {
    assertFalse(CRYPTO.validates(v));
    assertEquals(List.of(), CRYPTO.find("wallet " + v + " thanks"));
  }

  @Test
  void crypto_singleCaseEthereum_isFormatOnly() {
    String lower = EIP55.get(0).toLowerCase(java.util.Locale.ROOT);
    assertEquals(0.4, CRYPTO.find("eth " + lower).get(0).score());
    assertEquals(List.of(List.of(4, 46)), offsets(CRYPTO, "eth " + lower + "."));
  }

  // --- secrets

  @Test
  void aws_publishedExampleKeyId() throws Exception {
    AwsAccessKeyRecognizer r = new AwsAccessKeyRecognizer();
    assertFoundInSentence(r, "AKIAIOSFODNN7EXAMPLE");
    assertFoundInSentence(r, "ASIAIOSFODNN7EXAMPLE");
    for (String bad : List.of("AKIAIOSFODNN7EXAMPL", "AKIAIOSFODNN7EXAMPLEX", "AKIAIOSFODNN1EXAMPLE", "ABCDIOSFODNN7EXAMPLE", "akiaiosfodnn7example")) {
      assertFalse(r.validates(bad), bad);
    }
    assertEquals(0.8, r.find("key AKIAIOSFODNN7EXAMPLE").get(0).score());
  }

  @Test
  void github_classicAndFineGrained() throws Exception {
    GithubTokenRecognizer r = new GithubTokenRecognizer();
    Random rnd = new Random(8);
    for (String p : List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_")) assertFoundInSentence(r, p + IdGenerators.alnum(rnd, 36));
    assertFoundInSentence(r, "github_pat_" + IdGenerators.alnum(rnd, 22) + "_" + IdGenerators.alnum(rnd, 59));
    assertFalse(r.validates("ghp_" + IdGenerators.alnum(rnd, 35)));
    assertFalse(r.validates("ghx_" + IdGenerators.alnum(rnd, 36)));
    assertFalse(r.validates("ghp_" + IdGenerators.alnum(rnd, 37)));
  }

  @Test
  void slack_tokens() throws Exception {
    SlackTokenRecognizer r = new SlackTokenRecognizer();
    Random rnd = new Random(9);
    String bot = "xoxb-" + IdGenerators.digits(rnd, 10) + "-" + IdGenerators.digits(rnd, 13) + "-" + IdGenerators.alnum(rnd, 24);
    assertFoundInSentence(r, bot);
    assertFoundInSentence(r, "xoxp-" + IdGenerators.digits(rnd, 10) + "-" + IdGenerators.digits(rnd, 11) + "-" + IdGenerators.alnum(rnd, 32));
    assertFalse(r.validates("xoxz-1234567890-abc"));
    assertFalse(r.validates("xoxb-abcdefghijklmno"), "no ids");
    assertEquals(List.of(bot), found(r, "SLACK_TOKEN=" + bot + "."));
  }

  @Test
  void jwt_jwtIoExampleAndGenerated() throws Exception {
    JwtRecognizer r = new JwtRecognizer();
    String example = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
        + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    assertFoundInSentence(r, example);
    Random rnd = new Random(10);
    for (int i = 0; i < 20; i++) assertTrue(r.validates(IdGenerators.jwt(rnd)));
    assertEquals(List.of(example), found(r, "Authorization: Bearer " + example + "."));
  }

  @Test
  void jwt_headerWithoutAlgOrNotJsonOrWrongParts_fails() {
    String payload = IdGenerators.b64url("{\"sub\":\"x\"}");
    String sig = "c2lnbmF0dXJlLWJ5dGVz";
    assertTrue(JwtRecognizer.valid(IdGenerators.b64url("{\"alg\":\"RS256\"}") + "." + payload + "." + sig));
    assertFalse(JwtRecognizer.valid(IdGenerators.b64url("{\"typ\":\"JWT\"}") + "." + payload + "." + sig));
    assertFalse(JwtRecognizer.valid(IdGenerators.b64url("{\"x\":\"alg\"}") + "." + payload + "." + sig), "alg as a value");
    assertFalse(JwtRecognizer.valid(IdGenerators.b64url("{\"alg\":\"none\"}") + "." + payload + "."), "unsecured");
    assertFalse(JwtRecognizer.valid(IdGenerators.b64url("{\"alg\":\"HS256\"}") + "." + IdGenerators.b64url("plain") + "." + sig));
    assertFalse(JwtRecognizer.valid(IdGenerators.b64url("{\"alg\":\"HS256\"}") + "." + payload));
    assertFalse(JwtRecognizer.valid(IdGenerators.b64url("{\"alg\":\"HS256\"}") + "." + payload + "." + sig + "." + sig));
  }

  private static String pem(Random r, String label, int lines) {
    StringBuilder sb = new StringBuilder("-----BEGIN " + label + "-----\n");
    for (int i = 0; i < lines; i++) {
      byte[] b = new byte[48];
      r.nextBytes(b);
      sb.append(Base64.getEncoder().encodeToString(b)).append('\n');
    }
    return sb.append("-----END ").append(label).append("-----").toString();
  }

  @Test
  void privateKey_blocksOfEveryLabel() throws Exception {
    PrivateKeyRecognizer r = new PrivateKeyRecognizer();
    Random rnd = new Random(11);
    for (String label : List.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
        "PGP PRIVATE KEY BLOCK")) {
      String key = pem(rnd, label, 5);
      assertTrue(r.validates(key), label);
      String text = "key:\n" + key + "\nend";
      List<Span> s = TestNumbers.wellFormed(r, text);
      assertEquals(1, s.size());
      assertEquals(5, s.get(0).start());
      assertEquals(5 + key.length(), s.get(0).end());
      assertEquals(1.0, s.get(0).score());
    }
  }

  @Test
  void privateKey_publicKeysCertificatesAndMismatchedEnd_notWholeBlocks() {
    PrivateKeyRecognizer r = new PrivateKeyRecognizer();
    Random rnd = new Random(12);
    assertEquals(List.of(), r.find(pem(rnd, "PUBLIC KEY", 3)));
    assertEquals(List.of(), r.find(pem(rnd, "CERTIFICATE", 3)));
    String truncated = pem(rnd, "RSA PRIVATE KEY", 3);
    truncated = truncated.substring(0, truncated.indexOf("-----END"));
    List<Span> s = r.find("x " + truncated);
    assertEquals(1, s.size());
    assertEquals(0.9, s.get(0).score());
    String mismatched = pem(rnd, "RSA PRIVATE KEY", 2).replace("-----END RSA", "-----END EC");
    assertEquals(0.9, r.find(mismatched).get(0).score());
    assertFalse(r.validates(mismatched));
  }

  @Test
  void secret_highEntropyTokensOnly() throws Exception {
    SecretRecognizer r = new SecretRecognizer();
    Random rnd = new Random(13);
    for (int i = 0; i < 20; i++) {
      String s = IdGenerators.alnum(rnd, 24 + i) + i;
      assertTrue(r.validates(s), s);
    }
    String hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    assertFoundInSentence(r, hex);
    for (String low : List.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaa1", "abcabcabcabcabcabcabc123123", "ThisIsAVeryLongIdentifierName",
        "12345678901234567890123", "short1Ab")) {
      assertFalse(r.validates(low), low);
    }
    assertEquals(0.3, r.find("password: " + hex).get(0).score());
    assertTrue(Math.abs(SecretRecognizer.entropy("abcd") - 2.0) < 1e-12);
    assertTrue(Math.abs(SecretRecognizer.entropy("aabb") - 1.0) < 1e-12);
  }
}
