package dev.veil.privacy.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.AesSiv;
import com.google.crypto.tink.subtle.PrfHmacJce;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Tink 1.24.0 with the pinned protobuf-java 3.25.3: the proto-free primitives Veil uses work; the
 * proto-based keyset API does not (its generated classes need protobuf 4's RuntimeVersion). If
 * protobuf is ever upgraded to 4.x, the second test fails and VeilKeyset may move to KeysetHandle.
 */
class TinkProtobufCompatibilityTest {

  @Test
  void classpath_hasProtobuf3253() {
    String where = com.google.protobuf.Message.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertTrue(where.contains("3.25.3"), where);
  }

  @Test
  void protoBasedKeysetApi_failsWithProtobuf3() {
    Throwable t = assertThrows(Throwable.class, () -> Class.forName("com.google.crypto.tink.proto.Keyset", true,
        getClass().getClassLoader()).getMethod("newBuilder").invoke(null));
    Throwable root = t;
    while (root.getCause() != null) root = root.getCause();
    assertTrue(root.toString().contains("RuntimeVersion"), root.toString());
  }

  @Test
  void protoFreePrimitives_workAndMatchPublishedVectors() throws Exception {
    HexFormat hex = HexFormat.of();
    // Tink's AesSiv takes 64-byte keys (AES-256-SIV): a round trip; RFC 4231 pins HMAC-SHA-256.
    byte[] ct = new AesSiv(new byte[64]).encryptDeterministically("v".getBytes(StandardCharsets.UTF_8), new byte[0]);
    assertEquals("v", new String(new AesSiv(new byte[64]).decryptDeterministically(ct, new byte[0]), StandardCharsets.UTF_8));
    // RFC 4231 test case 1: key 0x0b * 20, data "Hi There"
    byte[] mac = new PrfHmacJce("HMACSHA256", new SecretKeySpec(hex.parseHex("0b".repeat(20)), "HMAC"))
        .compute("Hi There".getBytes(StandardCharsets.US_ASCII), 32);
    assertArrayEquals(hex.parseHex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"), mac);
    byte[] g = new AesGcmJce(new byte[32]).encrypt(new byte[] {9}, new byte[0]);
    assertArrayEquals(new byte[] {9}, new AesGcmJce(new byte[32]).decrypt(g, new byte[0]));
  }
}
