package dev.veil.privacy.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.subtle.AesGcmJce;
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
  void file_doesNotContainKeyMaterialInTheClear(@TempDir Path dir) throws Exception {
    MasterKey mk = master(MasterKey.generateText());
    VeilKeyset ks = VeilKeyset.create(List.of(KeyPurpose.HMAC));
    Path f = dir.resolve("keys.json");
    ks.write(f, mk);
    String text = Files.readString(f);
    assertTrue(text.contains("\"format\" : \"veil-keyset/1\""), text);
    assertFalse(text.contains("material"), text);
    assertFalse(text.contains(String.valueOf(ks.primaryId(KeyPurpose.HMAC))), "ids are inside the encrypted part too");
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
