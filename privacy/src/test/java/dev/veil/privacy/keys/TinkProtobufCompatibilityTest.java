package dev.veil.privacy.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Tink 1.13.0 (built against protobuf-java 3.25.1) with the protobuf-java 3.25.3 that Spark and
 * Beam pin: the proto-based keyset API works (keyset generation, Tink's JSON keyset format, the
 * registry's primitives). Tink 1.14 and later need protobuf 4.x (their generated classes call
 * protobuf 4's {@code RuntimeVersion}), so the Tink version must not be raised while protobuf stays
 * on 3.x; this test then fails first.
 */
class TinkProtobufCompatibilityTest {

  @Test
  void classpath_hasProtobuf3253_andTink1130() {
    String protobuf = com.google.protobuf.Message.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertTrue(protobuf.contains("3.25.3"), protobuf);
    String tink = KeysetHandle.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertTrue(tink.contains("1.13.0"), tink);
  }

  @Test
  void protoBasedKeysetApi_worksWithProtobuf3() throws Exception {
    DeterministicAeadConfig.register();
    KeysetHandle h = KeysetHandle.generateNew(PredefinedDeterministicAeadParameters.AES256_SIV);
    String json = TinkJsonProtoKeysetFormat.serializeKeyset(h, InsecureSecretKeyAccess.get());
    KeysetHandle back = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    byte[] ct = h.getPrimitive(DeterministicAead.class).encryptDeterministically(new byte[] {1, 2}, new byte[0]);
    assertArrayEquals(new byte[] {1, 2}, back.getPrimitive(DeterministicAead.class).decryptDeterministically(ct, new byte[0]));
    assertEquals(h.getPrimary().getId(), back.getPrimary().getId());
  }

  @Test
  void hmacPrfThroughTheKeysetApi_matchesRfc4231() throws Exception {
    PrfConfig.register();
    // RFC 4231 test case 1: key 0x0b * 20, data "Hi There"
    HexFormat hex = HexFormat.of();
    com.google.crypto.tink.prf.HmacPrfParameters params = com.google.crypto.tink.prf.HmacPrfParameters.builder().setKeySizeBytes(20)
        .setHashType(com.google.crypto.tink.prf.HmacPrfParameters.HashType.SHA256).build();
    HmacPrfKey key = HmacPrfKey.builder().setParameters(params)
        .setKeyBytes(SecretBytes.copyFrom(hex.parseHex("0b".repeat(20)), InsecureSecretKeyAccess.get())).build();
    KeysetHandle h = KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(key).withFixedId(42).makePrimary()).build();
    byte[] mac = h.getPrimitive(PrfSet.class).getPrfs().get(42).compute("Hi There".getBytes(StandardCharsets.US_ASCII), 32);
    assertArrayEquals(hex.parseHex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"), mac);
    assertEquals(32, PredefinedPrfParameters.HMAC_SHA256_PRF.getKeySizeBytes());
  }
}
