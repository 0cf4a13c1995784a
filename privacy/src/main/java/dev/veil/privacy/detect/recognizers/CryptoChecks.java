package dev.veil.privacy.detect.recognizers;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Checksums of cryptocurrency addresses: Bitcoin Base58Check (double SHA-256), Bech32 and Bech32m
 * segwit addresses (BIP 173 and BIP 350 BCH checksums) and Ethereum EIP-55 mixed-case checksums
 * (Keccak-256, Bouncy Castle's {@link KeccakDigest}). Every method answers false, never throws, for
 * malformed input. Stateless and thread-safe.
 */
public final class CryptoChecks {
  private CryptoChecks() {}

  private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

  /** The Base58 payload of {@code s}, or null when a character is not in the alphabet. */
  static byte[] base58Decode(String s) {
    BigInteger n = BigInteger.ZERO;
    int zeros = 0;
    while (zeros < s.length() && s.charAt(zeros) == '1') zeros++;
    for (int i = 0; i < s.length(); i++) {
      int v = B58.indexOf(s.charAt(i));
      if (v < 0) return null;
      n = n.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(v));
    }
    byte[] b = n.toByteArray();
    int strip = b.length > 1 && b[0] == 0 ? 1 : 0;
    if (n.signum() == 0) strip = b.length;
    byte[] out = new byte[zeros + b.length - strip];
    System.arraycopy(b, strip, out, zeros, b.length - strip);
    return out;
  }

  static byte[] sha256(byte[] in, int off, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(in, off, len);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * Whether {@code s} is Base58Check encoded (the last four bytes are the first four of the double
   * SHA-256 of the rest) with {@code payloadLength} bytes before the checksum.
   */
  public static boolean base58Check(String s, int payloadLength) {
    if (s.isEmpty() || s.length() > 120) return false;
    byte[] b = base58Decode(s);
    if (b == null || b.length != payloadLength + 4) return false;
    byte[] h = sha256(sha256(b, 0, payloadLength), 0, 32);
    return Arrays.equals(Arrays.copyOfRange(b, payloadLength, payloadLength + 4), Arrays.copyOf(h, 4));
  }

  /** A Bitcoin P2PKH ({@code 1...}) or P2SH ({@code 3...}) address: 21-byte Base58Check payload, version 0x00 or 0x05. */
  public static boolean bitcoinBase58(String s) {
    if (s.length() < 26 || s.length() > 35 || s.charAt(0) != '1' && s.charAt(0) != '3') return false;
    if (!base58Check(s, 21)) return false;
    byte version = base58Decode(s)[0];
    return version == 0 && s.charAt(0) == '1' || version == 5 && s.charAt(0) == '3';
  }

  private static final String B32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  static final int BECH32 = 1;
  static final int BECH32M = 0x2bc830a3;

  private static int polymod(int[] values) {
    int chk = 1;
    for (int v : values) {
      int b = chk >>> 25;
      chk = (chk & 0x1ffffff) << 5 ^ v;
      for (int i = 0; i < 5; i++) {
        if ((b >>> i & 1) == 1) chk ^= GEN[i];
      }
    }
    return chk;
  }

  /**
   * The Bech32 checksum constant of {@code s} (1 for Bech32, {@link #BECH32M} for Bech32m), or 0
   * when it is neither, or the string is not Bech32 (mixed case, bad characters, length over 90).
   */
  static int bech32Constant(String s) {
    if (s.length() < 8 || s.length() > 90) return 0;
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 33 || c > 126) return 0;
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
    }
    if (lower && upper) return 0;
    String t = s.toLowerCase(java.util.Locale.ROOT);
    int sep = t.lastIndexOf('1');
    if (sep < 1 || sep + 7 > t.length()) return 0;
    int hrpLen = sep;
    int dataLen = t.length() - sep - 1;
    int[] values = new int[hrpLen * 2 + 1 + dataLen];
    for (int i = 0; i < hrpLen; i++) {
      values[i] = t.charAt(i) >> 5;
      values[hrpLen + 1 + i] = t.charAt(i) & 31;
    }
    for (int i = 0; i < dataLen; i++) {
      int v = B32.indexOf(t.charAt(sep + 1 + i));
      if (v < 0) return 0;
      values[2 * hrpLen + 1 + i] = v;
    }
    int c = polymod(values);
    return c == BECH32 || c == BECH32M ? c : 0;
  }

  /**
   * A Bitcoin segwit address (human-readable part {@code bc} or testnet {@code tb}): witness version
   * 0 with Bech32 and a 20- or 32-byte program, or version 1-16 with Bech32m and a 2-40 byte program.
   */
  public static boolean segwit(String s) {
    int c = bech32Constant(s);
    if (c == 0) return false;
    String t = s.toLowerCase(java.util.Locale.ROOT);
    if (!t.startsWith("bc1") && !t.startsWith("tb1")) return false;
    int version = B32.indexOf(t.charAt(3));
    int dataChars = t.length() - 3 - 1 - 6; // program characters after the version, before the checksum
    int bits = dataChars * 5;
    if (bits % 8 > 4) return false; // padding of at most 4 bits
    int bytes = bits / 8;
    // the padding bits must be zero
    int last = B32.indexOf(t.charAt(3 + dataChars));
    if ((last & ((1 << (bits % 8)) - 1)) != 0) return false;
    if (version == 0) return c == BECH32 && (bytes == 20 || bytes == 32);
    return version <= 16 && c == BECH32M && bytes >= 2 && bytes <= 40;
  }

  /** Keccak-256 (the pre-standard padding Ethereum uses, not SHA3-256). */
  static byte[] keccak256(byte[] in) {
    KeccakDigest d = new KeccakDigest(256);
    d.update(in, 0, in.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  /**
   * Whether the 40 hex digits after {@code 0x} carry a valid EIP-55 checksum: each letter is upper
   * case exactly when the matching nibble of Keccak-256 of the lower-case hex is 8 or more.
   */
  public static boolean eip55(String s) {
    if (s.length() != 42 || !s.startsWith("0x")) return false;
    String hex = s.substring(2);
    String lower = hex.toLowerCase(java.util.Locale.ROOT);
    for (int i = 0; i < 40; i++) {
      char c = lower.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
    }
    byte[] h = keccak256(lower.getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < 40; i++) {
      char c = hex.charAt(i);
      if (c <= '9') continue;
      int nibble = (h[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      if ((nibble >= 8) != (c >= 'A' && c <= 'F')) return false;
    }
    return true;
  }
}
