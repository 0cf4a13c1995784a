package dev.veil.privacy.anonymize;

import java.util.Base64;

/** Byte encodings for hashes and tokens. Stateless and thread-safe. */
final class Codecs {
  private Codecs() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  static String encode(byte[] b, KeyedHash.Encoding e) {
    return switch (e) {
      case HEX -> hex(b);
      case BASE64URL -> Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      case BASE32 -> base32(b);
    };
  }

  static String hex(byte[] b) {
    char[] out = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      out[2 * i] = HEX[(b[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[b[i] & 0xF];
    }
    return new String(out);
  }

  /** RFC 4648 base32 without padding. */
  static String base32(byte[] b) {
    StringBuilder sb = new StringBuilder((b.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte x : b) {
      buffer = (buffer << 8) | (x & 0xFF);
      bits += 8;
      while (bits >= 5) {
        sb.append(B32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) sb.append(B32[(buffer << (5 - bits)) & 31]);
    return sb.toString();
  }
}
