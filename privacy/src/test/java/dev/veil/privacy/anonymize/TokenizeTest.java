package dev.veil.privacy.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.privacy.keys.KeyPurpose;
import dev.veil.privacy.keys.KeysetRef;
import dev.veil.privacy.keys.MasterKey;
import dev.veil.privacy.keys.VeilKeyset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizeTest {

  private static Tokenize tokenize(TestKeys k, String domain) {
    VeilKeyset ks = k.load();
    return new Tokenize(k.ref(), ks, ks.primaryId(KeyPurpose.AES_SIV), domain, true);
  }

  @Test
  void twoInstancesFromTheSameKeysetFile_giveIdenticalTokensAndHashes(@TempDir Path dir) {
    TestKeys k = TestKeys.create(dir);
    Tokenize a = tokenize(k, "customer");
    Tokenize b = tokenize(k, "customer");
    assertEquals(a.apply("ann@example.com", null), b.apply("ann@example.com", null));
    assertNotEquals(a.apply("ann@example.com", null), a.apply("bob@example.com", null));
    assertNotEquals(a.apply("ann@example.com", null), tokenize(k, "supplier").apply("ann@example.com", null),
        "the domain separates the token spaces");
    VeilKeyset ks1 = k.load();
    VeilKeyset ks2 = k.load();
    KeyedHash h1 = new KeyedHash(k.ref(), ks1, ks1.primaryId(KeyPurpose.HMAC), "customer", KeyedHash.Encoding.HEX, 32, false);
    KeyedHash h2 = new KeyedHash(k.ref(), ks2, ks2.primaryId(KeyPurpose.HMAC), "customer", KeyedHash.Encoding.HEX, 32, false);
    assertEquals(h1.apply("ann@example.com", null), h2.apply("ann@example.com", null));
  }

  @Test
  void tokenLength_leaksTheExactValueLength_asDocumented(@TempDir Path dir) {
    Tokenize t = tokenize(TestKeys.create(dir), "customer");
    for (String v : List.of("", "a", "ann@example.com", "\u00e9t\u00e9")) {
      String token = (String) t.apply(v, null);
      byte[] body = java.util.Base64.getUrlDecoder().decode(token.substring(token.indexOf(':') + 1));
      assertEquals(16 + v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, body.length, v);
    }
  }

  @Test
  void serializedOperator_carriesNoKeyMaterial_andReloadsTheKeysetToGiveTheSameTokens(@TempDir Path dir) throws Exception {
    TestKeys k = TestKeys.create(dir);
    Tokenize t = tokenize(k, "customer");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(t);
    }
    assertTrue(bytes.size() < 2000, "only the keyset reference and parameters are serialized: " + bytes.size());
    Tokenize copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Tokenize) in.readObject();
    }
    assertEquals(t.apply("x", null), copy.apply("x", null));
  }

  @Test
  void rotation_newTokensUseTheNewKeyId_oldTokensStillReidentify_andTheAuditLogHasNoValues(@TempDir Path dir) throws Exception {
    TestKeys k = TestKeys.create(dir);
    Tokenize before = tokenize(k, "customer");
    String oldToken = (String) before.apply("ann@example.com", null);
    MasterKey mk = MasterKey.fromFile(k.masterKeyFile());
    VeilKeyset.read(k.keysetFile(), mk).rotate(KeyPurpose.AES_SIV).write(k.keysetFile(), mk);
    Tokenize after = tokenize(k, "customer");
    String newToken = (String) after.apply("ann@example.com", null);
    assertNotEquals(before.keyId(), after.keyId());
    assertTrue(newToken.startsWith("k" + after.keyId() + ":"), newToken);
    assertTrue(oldToken.startsWith("k" + before.keyId() + ":"), oldToken);

    Path log = dir.resolve("audit.jsonl");
    Reidentifier r = Reidentifier.open(k.load(), log, "alice", "TICKET-7");
    assertEquals(List.of("ann@example.com", "ann@example.com"), r.reidentify("customer", List.of(oldToken, newToken)));
    List<String> lines = Files.readAllLines(log);
    assertEquals(2, lines.size(), "one line per key used");
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertEquals("alice", first.get("who").asText());
    assertEquals("TICKET-7", first.get("purpose").asText());
    assertEquals("customer", first.get("domain").asText());
    assertEquals(before.keyId(), first.get("keyId").asInt());
    assertEquals(1, first.get("count").asInt());
    String all = String.join("\n", lines);
    assertFalse(all.contains("ann@example.com") || all.contains(oldToken.substring(oldToken.indexOf(':') + 1)), all);

    r.reidentify("customer", List.of(newToken));
    assertEquals(3, Files.readAllLines(log).size(), "the log is appended to, never rewritten");
  }

  @Test
  void reidentify_unknownKeyIdOrWrongDomain_failsWithoutTheToken(@TempDir Path dir) {
    TestKeys k = TestKeys.create(dir);
    String token = (String) tokenize(k, "customer").apply("ann", null);
    Path otherDir = dir.resolve("other");
    otherDir.toFile().mkdirs();
    TestKeys other = TestKeys.create(otherDir);
    Reidentifier foreign = Reidentifier.open(other.load(), dir.resolve("a.jsonl"), "bob", "test");
    UnencodableValueException e = assertThrows(UnencodableValueException.class, () -> foreign.reidentify("customer", List.of(token)));
    assertTrue(e.getMessage().contains("is not a aes-siv key"), e.getMessage());
    assertFalse(e.getMessage().contains(token), e.getMessage());
    Reidentifier own = Reidentifier.open(k.load(), dir.resolve("b.jsonl"), "bob", "test");
    UnencodableValueException d = assertThrows(UnencodableValueException.class, () -> own.reidentify("supplier", List.of(token)));
    assertTrue(d.getMessage().contains("wrong domain"), d.getMessage());
    assertFalse(Files.exists(dir.resolve("b.jsonl")), "nothing was released, so nothing is logged");
  }

  @Test
  void reidentifier_requiresWhoAndPurpose(@TempDir Path dir) {
    VeilKeyset ks = VeilKeyset.createAll();
    assertThrows(IllegalArgumentException.class, () -> Reidentifier.open(ks, dir.resolve("a"), " ", "p"));
    assertThrows(IllegalArgumentException.class, () -> Reidentifier.open(ks, dir.resolve("a"), "w", null));
  }

  @Test
  void keyIdNotInKeyset_whenPinned_failsNamingTheId(@TempDir Path dir) {
    TestKeys k = TestKeys.create(dir);
    VeilKeyset ks = k.load();
    KeysetRef ref = k.ref();
    dev.veil.privacy.keys.KeyException e = assertThrows(dev.veil.privacy.keys.KeyException.class,
        () -> new Tokenize(ref, ks, 42, "d", true));
    assertTrue(e.getMessage().contains("key id 42"), e.getMessage());
  }
}
