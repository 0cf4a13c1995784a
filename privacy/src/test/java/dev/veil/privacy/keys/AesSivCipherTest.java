package dev.veil.privacy.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.subtle.AesSiv;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Veil's AES-SIV against Tink's (the reference, itself tested on RFC 5297's vectors), byte for byte. */
class AesSivCipherTest {

  static byte[] bytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) r.nextInt(256);
    return b;
  }

  @Test
  void encryptsExactlyAsTink_everyLengthAroundTheBlockBoundaries_andDecryptsWithIt() throws Exception {
    SplittableRandom r = new SplittableRandom(20261126);
    for (int k = 0; k < 4; k++) {
      byte[] key = bytes(r, 64);
      DeterministicAead tink = new AesSiv(key);
      AesSivCipher veil = new AesSivCipher(key, tink);
      for (int len = 0; len <= 70; len++) {
        for (int adLen : new int[] {0, 1, 15, 16, 17, 33}) {
          byte[] pt = bytes(r, len);
          byte[] ad = bytes(r, adLen);
          byte[] ct = veil.encryptDeterministically(pt, ad);
          assertArrayEquals(tink.encryptDeterministically(pt, ad), ct, "key " + k + ", plaintext " + len + " bytes, ad " + adLen);
          assertArrayEquals(pt, tink.decryptDeterministically(ct, ad));
          assertArrayEquals(pt, veil.decryptDeterministically(ct, ad));
        }
      }
    }
  }

  @Test
  void randomInputsFromManyThreadsAtOnce_matchTink() throws Exception {
    byte[] key = bytes(new SplittableRandom(7), 64);
    DeterministicAead tink = new AesSiv(key);
    AesSivCipher veil = new AesSivCipher(key, tink);
    IntStream.range(0, 20_000).parallel().forEach(i -> {
      SplittableRandom r = new SplittableRandom(i);
      byte[] pt = bytes(r, r.nextInt(0, 200));
      byte[] ad = bytes(r, r.nextInt(0, 40));
      try {
        assertArrayEquals(tink.encryptDeterministically(pt, ad), veil.encryptDeterministically(pt, ad), "input " + i);
      } catch (GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void aTamperedTokenOrOtherAssociatedDataDoesNotDecrypt() throws Exception {
    byte[] key = bytes(new SplittableRandom(3), 64);
    AesSivCipher veil = new AesSivCipher(key, new AesSiv(key));
    byte[] ct = veil.encryptDeterministically("customer-42".getBytes(), "customer".getBytes());
    ct[ct.length - 1] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> veil.decryptDeterministically(ct, "customer".getBytes()));
    byte[] ok = veil.encryptDeterministically("customer-42".getBytes(), "customer".getBytes());
    assertThrows(GeneralSecurityException.class, () -> veil.decryptDeterministically(ok, "email".getBytes()));
  }

  @Test
  void rejectsKeysOfOtherSizes() {
    assertThrows(IllegalArgumentException.class, () -> new AesSivCipher(new byte[16], null));
  }
}
