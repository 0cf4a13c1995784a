package dev.veil.privacy.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.AesSiv;
import com.google.crypto.tink.subtle.PrfHmacJce;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VeilKeysetTest {
  private static final byte[] AD = "d".getBytes(StandardCharsets.UTF_8);

  private static MasterKey master(String text) {
    return MasterKey.fromEnvironment("VEIL_MASTER_KEY", Map.of("VEIL_MASTER_KEY", text));
  }

  @Test
  void writeRead_roundTripsIdsPurposesAndPrimaries_andTheKeysStillWork(@TempDir Path dir) throws Exception {
    MasterKey mk = master(MasterKey.generateText());
    VeilKeyset ks = VeilKeyset.createAll();
    Path f = dir.resolve("keys.json");
    ks.write(f, mk);
    VeilKeyset back = VeilKeyset.read(f, mk);
    assertEquals(ks.info(), back.info());
    int siv = ks.primaryId(KeyPurpose.AES_SIV);
    byte[] ct = ks.aesSiv(siv).encryptDeterministically(new byte[] {7}, AD);
    assertArrayEquals(ct, back.aesSiv(siv).encryptDeterministically(new byte[] {7}, AD));
    int h = ks.primaryId(KeyPurpose.HMAC);
    assertArrayEquals(ks.hmac(h).compute(AD, 32), back.hmac(h).compute(AD, 32));
  }

  @Test
  void file_holdsTinkEncryptedKeysets_andNoKeyMaterialInTheClear(@TempDir Path dir) throws Exception {
    String masterText = MasterKey.generateText();
    MasterKey mk = master(masterText);
    VeilKeyset ks = VeilKeyset.createAll();
    Path f = dir.resolve("keys.json");
    ks.write(f, mk);
    String text = Files.readString(f);
    assertTrue(text.contains("\"format\" : \"veil-keyset/2\""), text);
    assertFalse(text.contains("keyData"), "Tink's cleartext key field must not appear: " + text);
    byte[] ff1 = ks.ff1(ks.primaryId(KeyPurpose.FF1)).getKey();
    assertFalse(text.contains(Base64.getEncoder().encodeToString(ff1)), "the FF1 key bytes in base64");
    assertFalse(text.contains(HexFormat.of().formatHex(ff1)), "the FF1 key bytes in hex");
    // each purpose is a real Tink encrypted keyset: Tink itself parses it with the master key and the purpose's associated data
    JsonNode sets = new ObjectMapper().readTree(text).get("keysets");
    for (KeyPurpose p : KeyPurpose.values()) {
      KeysetHandle h = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(sets.get(p.word()).get("tinkKeyset").toString(), mk.aead(),
          ("veil-keyset/2:" + p.word()).getBytes(StandardCharsets.UTF_8));
      assertEquals(ks.primaryId(p), h.getPrimary().getId(), "the key ids Veil writes are Tink's key ids");
    }
    int h = ks.primaryId(KeyPurpose.HMAC);
    PrfSet prfs = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(sets.get("hmac").get("tinkKeyset").toString(), mk.aead(),
        "veil-keyset/2:hmac".getBytes(StandardCharsets.UTF_8)).getPrimitive(PrfSet.class);
    assertArrayEquals(ks.hmac(h).compute(AD, 32), prfs.getPrfs().get(h).compute(AD, 32));
  }

  @Test
  void keysetsSwappedBetweenPurposes_areRejectedAsAltered(@TempDir Path dir) throws Exception {
    MasterKey mk = master(MasterKey.generateText());
    Path f = dir.resolve("keys.json");
    VeilKeyset.createAll().write(f, mk);
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(f.toFile());
    ObjectNode sets = (ObjectNode) root.get("keysets");
    JsonNode hmac = sets.get("hmac");
    sets.set("hmac", sets.get("ff1"));
    sets.set("ff1", hmac);
    json.writeValue(f.toFile(), root);
    KeyException e = assertThrows(KeyException.class, () -> VeilKeyset.read(f, mk));
    assertTrue(e.getMessage().contains("the master key is wrong or the file was altered"), e.getMessage());
  }

  @Test
  void format1File_isReadWithItsKeysUnchanged_andRewrittenAsTinkKeysets(@TempDir Path dir) throws Exception {
    // a keyset file as Veil wrote it before Tink keysets: JSON keys with base64 material, AES-256-GCM under the master key
    String masterText = MasterKey.generateText();
    MasterKey mk = master(masterText);
    java.security.SecureRandom rnd = new java.security.SecureRandom();
    byte[] hk = new byte[32];
    byte[] sk = new byte[64];
    byte[] fk = new byte[32];
    rnd.nextBytes(hk);
    rnd.nextBytes(sk);
    rnd.nextBytes(fk);
    ObjectMapper json = new ObjectMapper();
    ObjectNode inner = json.createObjectNode();
    inner.putObject("primary").put("hmac", 11).put("aes-siv", 22).put("ff1", 33);
    var keys = inner.putArray("keys");
    keys.addObject().put("id", 11).put("purpose", "hmac").put("status", "ENABLED").put("created", "2026-01-01T00:00:00Z")
        .put("material", Base64.getEncoder().encodeToString(hk));
    keys.addObject().put("id", 22).put("purpose", "aes-siv").put("status", "ENABLED").put("created", "2026-01-02T00:00:00Z")
        .put("material", Base64.getEncoder().encodeToString(sk));
    keys.addObject().put("id", 33).put("purpose", "ff1").put("status", "ENABLED").put("created", "2026-01-03T00:00:00Z")
        .put("material", Base64.getEncoder().encodeToString(fk));
    byte[] ct = new AesGcmJce(Base64.getDecoder().decode(masterText)).encrypt(json.writeValueAsBytes(inner),
        "veil-keyset/1".getBytes(StandardCharsets.UTF_8));
    Path f = dir.resolve("old.json");
    json.writeValue(f.toFile(), json.createObjectNode().put("format", "veil-keyset/1").put("encryptedKeyset", Base64.getEncoder().encodeToString(ct)));

    VeilKeyset old = VeilKeyset.read(f, mk);
    assertEquals(11, old.primaryId(KeyPurpose.HMAC));
    assertEquals(22, old.primaryId(KeyPurpose.AES_SIV));
    assertEquals(33, old.primaryId(KeyPurpose.FF1));
    byte[] msg = "alice@example.com".getBytes(StandardCharsets.UTF_8);
    byte[] mac = new PrfHmacJce("HMACSHA256", new SecretKeySpec(hk, "HMAC")).compute(msg, 32);
    byte[] siv = new AesSiv(sk).encryptDeterministically(msg, AD);
    assertArrayEquals(mac, old.hmac(11).compute(msg, 32), "same HMAC key, same pseudonyms as before");
    assertArrayEquals(siv, old.aesSiv(22).encryptDeterministically(msg, AD), "same AES-SIV key, same tokens as before");
    assertArrayEquals(fk, old.ff1(33).getKey());
    Path g = dir.resolve("new.json");
    old.write(g, mk);
    VeilKeyset back = VeilKeyset.read(g, mk);
    assertTrue(Files.readString(g).contains("veil-keyset/2"));
    assertEquals(old.info(), back.info());
    assertArrayEquals(mac, back.hmac(11).compute(msg, 32));
    assertArrayEquals(siv, back.aesSiv(22).encryptDeterministically(msg, AD));
    assertArrayEquals(fk, back.ff1(33).getKey());
  }

  @Test
  void kmsSource_resolvesThroughTheRegisteredKmsClient_andNamesAMissingOne() {
    Aead kmsAead;
    try {
      kmsAead = new AesGcmJce(new byte[32]);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    KmsClients.add(new KmsClient() {
      @Override
      public boolean doesSupport(String uri) {
        return uri.startsWith("veil-test-kms://");
      }

      @Override
      public KmsClient withCredentials(String credentialPath) {
        return this;
      }

      @Override
      public KmsClient withDefaultCredentials() {
        return this;
      }

      @Override
      public Aead getAead(String uri) {
        return kmsAead;
      }
    });
    MasterKeySource src = MasterKeySource.parse("kms:veil-test-kms://key7");
    assertEquals("kms:veil-test-kms://key7", src.spec());
    assertEquals("KMS key veil-test-kms://key7", src.resolve().source());
    KeyException e = assertThrows(KeyException.class, () -> MasterKeySource.parse("kms:nowhere-kms://k").resolve());
    assertTrue(e.getMessage().contains("no KMS client is registered for the master key nowhere-kms://k"), e.getMessage());
  }

  @Test
  void read_withWrongMasterKey_namesFileAndKeySourceButNotTheKey(@TempDir Path dir) {
    Path f = dir.resolve("keys.json");
    VeilKeyset.createAll().write(f, master(MasterKey.generateText()));
    String wrong = MasterKey.generateText();
    KeyException e = assertThrows(KeyException.class, () -> VeilKeyset.read(f, master(wrong)));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("environment variable VEIL_MASTER_KEY"), e.getMessage());
    assertTrue(e.getMessage().contains("master key is wrong"), e.getMessage());
    assertFalse(e.getMessage().contains(wrong), e.getMessage());
  }

  @Test
  void read_missingOrForeignFile_namesTheFile(@TempDir Path dir) throws Exception {
    MasterKey mk = master(MasterKey.generateText());
    Path absent = dir.resolve("absent.json");
    assertTrue(assertThrows(KeyException.class, () -> VeilKeyset.read(absent, mk)).getMessage().contains("does not exist"));
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"primaryKeyId\": 1}");
    KeyException e = assertThrows(KeyException.class, () -> VeilKeyset.read(other, mk));
    assertTrue(e.getMessage().contains(other.toString()) && e.getMessage().contains("not a Veil keyset"), e.getMessage());
  }

  @Test
  void rotate_addsANewPrimaryAndKeepsTheOldKeyUsable() throws Exception {
    VeilKeyset ks = VeilKeyset.create(List.of(KeyPurpose.AES_SIV));
    int old = ks.primaryId(KeyPurpose.AES_SIV);
    byte[] ct = ks.aesSiv(old).encryptDeterministically(new byte[] {1}, AD);
    VeilKeyset rotated = ks.rotate(KeyPurpose.AES_SIV);
    int fresh = rotated.primaryId(KeyPurpose.AES_SIV);
    assertNotEquals(old, fresh);
    assertArrayEquals(new byte[] {1}, rotated.aesSiv(old).decryptDeterministically(ct, AD));
    Map<Integer, Boolean> primary = rotated.info().stream().collect(Collectors.toMap(KeyInfo::id, KeyInfo::primary));
    assertEquals(Map.of(old, false, fresh, true), primary);
    assertEquals(1, ks.info().size(), "a keyset is immutable: rotate returns a new one");
  }

  @Test
  void keyIdNotInKeyset_isAClearErrorListingTheIds() {
    VeilKeyset ks = VeilKeyset.create(List.of(KeyPurpose.HMAC, KeyPurpose.FF1));
    int ff1 = ks.primaryId(KeyPurpose.FF1);
    KeyException e = assertThrows(KeyException.class, () -> ks.hmac(ff1));
    assertTrue(e.getMessage().contains("key id " + ff1 + " is not a hmac key"), e.getMessage());
    assertTrue(e.getMessage().contains(String.valueOf(ks.primaryId(KeyPurpose.HMAC))), e.getMessage());
    KeyException none = assertThrows(KeyException.class, () -> ks.primaryId(KeyPurpose.AES_SIV));
    assertTrue(none.getMessage().contains("veil keys rotate --purpose aes-siv"), none.getMessage());
  }

  @Test
  void kmsMasterKey_encryptsTheKeysetThroughTheKmsAead(@TempDir Path dir) throws Exception {
    // A KMS cannot run here: this in-process KmsClient stands in for one (its AEAD is a local AES-GCM key).
    Aead kmsAead = new AesGcmJce(new byte[32]);
    KmsClient kms = new KmsClient() {
      @Override
      public boolean doesSupport(String uri) {
        return uri.startsWith("test-kms://");
      }

      @Override
      public KmsClient withCredentials(String credentialPath) {
        return this;
      }

      @Override
      public KmsClient withDefaultCredentials() {
        return this;
      }

      @Override
      public Aead getAead(String uri) {
        return kmsAead;
      }
    };
    MasterKey mk = MasterKey.fromKms(kms, "test-kms://key1");
    Path f = dir.resolve("keys.json");
    VeilKeyset ks = VeilKeyset.createAll();
    ks.write(f, mk);
    assertEquals(ks.info(), VeilKeyset.read(f, mk).info());
    assertEquals("KMS key test-kms://key1", mk.source());
  }
}
