package dev.veil.privacy.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

  @Test
  void fromEnvironment_unset_namesTheVariableAndHowToSetIt() {
    KeyException e = assertThrows(KeyException.class, () -> MasterKey.fromEnvironment("VEIL_MASTER_KEY", Map.of()));
    assertTrue(e.getMessage().contains("environment variable VEIL_MASTER_KEY"), e.getMessage());
    assertTrue(e.getMessage().contains("base64 of 32 random bytes"), e.getMessage());
  }

  @Test
  void fromEnvironment_wrongLength_namesVariableAndLengthButNotTheKey() {
    String shortKey = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes(StandardCharsets.US_ASCII));
    KeyException e = assertThrows(KeyException.class, () -> MasterKey.fromEnvironment("MK", Map.of("MK", shortKey)));
    assertTrue(e.getMessage().contains("environment variable MK"), e.getMessage());
    assertTrue(e.getMessage().contains("16 bytes"), e.getMessage());
    assertFalse(e.getMessage().contains(shortKey), e.getMessage());
  }

  @Test
  void fromEnvironment_notBase64_failsWithoutQuotingTheText() {
    KeyException e = assertThrows(KeyException.class, () -> MasterKey.fromEnvironment("MK", Map.of("MK", "not*base64!")));
    assertTrue(e.getMessage().contains("not valid base64"), e.getMessage());
    assertFalse(e.getMessage().contains("not*base64!"), e.getMessage());
  }

  @Test
  void fromFile_missing_namesTheFile(@TempDir Path dir) {
    Path f = dir.resolve("absent.key");
    KeyException e = assertThrows(KeyException.class, () -> MasterKey.fromFile(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void generatedText_isAcceptedFromEnvironmentAndFile_andBothEncryptAlike(@TempDir Path dir) throws Exception {
    String text = MasterKey.generateText();
    Path f = dir.resolve("m.key");
    Files.writeString(f, text + "\n");
    MasterKey env = MasterKey.fromEnvironment("MK", Map.of("MK", text));
    MasterKey file = MasterKey.fromFile(f);
    byte[] ct = env.aead().encrypt(new byte[] {1, 2, 3}, new byte[0]);
    assertEquals(3, file.aead().decrypt(ct, new byte[0]).length);
    assertEquals("environment variable MK", env.source());
    assertFalse(env.toString().contains(text));
  }

  @Test
  void masterKeySource_parse_acceptsEnvFileAndKmsAndRejectsOthers() {
    assertEquals(new MasterKeySource.Env("X"), MasterKeySource.parse("env:X"));
    assertEquals(new MasterKeySource.KeyFile("/k"), MasterKeySource.parse("file:/k"));
    assertEquals(new MasterKeySource.Kms("gcp-kms://projects/p/keys/k"), MasterKeySource.parse("kms:gcp-kms://projects/p/keys/k"));
    assertThrows(IllegalArgumentException.class, () -> MasterKeySource.parse("kms:"));
    assertThrows(IllegalArgumentException.class, () -> MasterKeySource.parse("vault:foo"));
  }
}
