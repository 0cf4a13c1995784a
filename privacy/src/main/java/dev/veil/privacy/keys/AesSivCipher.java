package dev.veil.privacy.keys;

import com.google.crypto.tink.DeterministicAead;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-SIV (RFC 5297) encryption with one associated-data string, on JCE's AES block cipher with
 * the two keyed ciphers kept per thread: the same bytes as Tink's {@code AesSiv} (the first half
 * of the key for S2V's AES-CMAC, the second for CTR; output {@code V || C}), without Tink's
 * per-call {@code Cipher.getInstance} and key expansion, which cost several times the encryption
 * of a short token. {@code AesSivCipherTest} checks it against Tink byte for byte.
 *
 * <p><b>Security property:</b> deterministic authenticated encryption (a misuse-resistant AEAD):
 * equal plaintexts under the same key and associated data give equal ciphertexts (it leaks
 * equality, by design, for joinable tokens) and nothing else; decryption verifies the synthetic IV.
 * Decryption is delegated to Tink's primitive for the same key (it is rare: re-identification).
 *
 * <p>Holds key material in memory (the caller, {@link VeilKeyset}, never serializes it); never
 * logs or prints it. Thread-safe: each thread uses its own initialized ciphers.
 */
final class AesSivCipher implements DeterministicAead {
  private static final int BLOCK = 16;
  private final SecretKeySpec macKey;
  private final SecretKeySpec ctrKey;
  private final DeterministicAead decrypter;
  private final ThreadLocal<Cipher[]> ciphers;

  /**
   * @param key the AES-SIV key (32 or 64 bytes: two AES keys); copied
   * @param decrypter Tink's primitive for the same key, used for decryption
   */
  AesSivCipher(byte[] key, DeterministicAead decrypter) {
    if (key.length != 32 && key.length != 48 && key.length != 64) {
      throw new IllegalArgumentException("AES-SIV key must be 32, 48 or 64 bytes. Provided value: " + key.length + " bytes");
    }
    this.macKey = new SecretKeySpec(Arrays.copyOfRange(key, 0, key.length / 2), "AES");
    this.ctrKey = new SecretKeySpec(Arrays.copyOfRange(key, key.length / 2, key.length), "AES");
    this.decrypter = decrypter;
    this.ciphers = ThreadLocal.withInitial(() -> {
      try {
        Cipher mac = Cipher.getInstance("AES/ECB/NoPadding");
        mac.init(Cipher.ENCRYPT_MODE, macKey);
        Cipher ctr = Cipher.getInstance("AES/ECB/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, ctrKey);
        return new Cipher[] {mac, ctr};
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES is not available: " + e.getClass().getSimpleName(), e);
      }
    });
  }

  @Override
  public byte[] encryptDeterministically(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    Cipher[] c = ciphers.get();
    byte[] v = s2v(c[0], associatedData, plaintext);
    byte[] out = new byte[BLOCK + plaintext.length];
    System.arraycopy(v, 0, out, 0, BLOCK);
    byte[] counter = v.clone();
    counter[8] &= 0x7f;
    counter[12] &= 0x7f;
    byte[] stream = new byte[BLOCK];
    for (int off = 0; off < plaintext.length; off += BLOCK) {
      c[1].doFinal(counter, 0, BLOCK, stream, 0);
      int n = Math.min(BLOCK, plaintext.length - off);
      for (int i = 0; i < n; i++) out[BLOCK + off + i] = (byte) (plaintext[off + i] ^ stream[i]);
      increment(counter);
    }
    return out;
  }

  @Override
  public byte[] decryptDeterministically(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    return decrypter.decryptDeterministically(ciphertext, associatedData);
  }

  /** S2V of RFC 5297 section 2.4 over (associated data, plaintext). */
  private static byte[] s2v(Cipher aes, byte[] ad, byte[] plaintext) throws GeneralSecurityException {
    byte[][] sub = subkeys(aes);
    byte[] d = cmac(aes, sub, new byte[BLOCK]);
    dbl(d);
    xorInto(d, cmac(aes, sub, ad), 0);
    byte[] t;
    if (plaintext.length >= BLOCK) {
      t = plaintext.clone();
      xorInto(t, d, t.length - BLOCK);
    } else {
      dbl(d);
      t = d;
      for (int i = 0; i < plaintext.length; i++) t[i] ^= plaintext[i];
      t[plaintext.length] ^= (byte) 0x80;
    }
    return cmac(aes, sub, t);
  }

  /** AES-CMAC (RFC 4493) subkeys K1 and K2 of the cipher's key. */
  private static byte[][] subkeys(Cipher aes) throws GeneralSecurityException {
    byte[] k1 = aes.doFinal(new byte[BLOCK]);
    dbl(k1);
    byte[] k2 = k1.clone();
    dbl(k2);
    return new byte[][] {k1, k2};
  }

  /** AES-CMAC (RFC 4493) of {@code m}. */
  private static byte[] cmac(Cipher aes, byte[][] sub, byte[] m) throws GeneralSecurityException {
    int n = Math.max(1, (m.length + BLOCK - 1) / BLOCK);
    boolean complete = m.length > 0 && m.length % BLOCK == 0;
    byte[] x = new byte[BLOCK];
    for (int b = 0; b < n - 1; b++) {
      xorInto(x, m, b * BLOCK, BLOCK);
      aes.doFinal(x, 0, BLOCK, x, 0);
    }
    int last = (n - 1) * BLOCK;
    byte[] tail = new byte[BLOCK];
    int len = m.length - last;
    System.arraycopy(m, last, tail, 0, len);
    if (complete) {
      xorInto(tail, sub[0], 0);
    } else {
      tail[len] = (byte) 0x80;
      xorInto(tail, sub[1], 0);
    }
    for (int i = 0; i < BLOCK; i++) x[i] ^= tail[i];
    return aes.doFinal(x);
  }

  /** Doubling in GF(2^128) (RFC 5297 dbl), in place. */
  private static void dbl(byte[] b) {
    int carry = (b[0] & 0x80) != 0 ? 0x87 : 0;
    for (int i = 0; i < BLOCK - 1; i++) b[i] = (byte) ((b[i] << 1) | ((b[i + 1] & 0xff) >>> 7));
    b[BLOCK - 1] = (byte) ((b[BLOCK - 1] << 1) ^ carry);
  }

  /** {@code target[at..at+16) ^= block}. */
  private static void xorInto(byte[] target, byte[] block, int at) {
    for (int i = 0; i < BLOCK; i++) target[at + i] ^= block[i];
  }

  /** {@code x ^= m[from..from+len)}. */
  private static void xorInto(byte[] x, byte[] m, int from, int len) {
    for (int i = 0; i < len; i++) x[i] ^= m[from + i];
  }

  /** The CTR counter as a 128-bit big-endian integer, plus one. */
  private static void increment(byte[] counter) {
    for (int i = BLOCK - 1; i >= 0; i--) {
      if (++counter[i] != 0) return;
    }
  }
}
