package dev.veil.core.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/** Renders raw record bytes as text for the dead letter: valid characters as they are, each invalid byte as {@code \xNN}. */
final class Raw {
  private Raw() {}

  static String of(byte[] bytes, int len, Charset cs) {
    CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, len);
    CharBuffer out = CharBuffer.allocate(len * 4 + 16);
    StringBuilder sb = new StringBuilder(len + 16);
    while (true) {
      CoderResult r = d.decode(in, out, true);
      out.flip();
      sb.append(out);
      out.clear();
      if (r.isError()) {
        for (int i = 0; i < r.length(); i++) {
          sb.append(String.format("\\x%02X", bytes[in.position()] & 0xFF));
          in.position(in.position() + 1);
        }
      } else if (r.isUnderflow()) {
        break;
      }
    }
    return sb.toString();
  }
}
