package dev.veil.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads '\n'-terminated lines of raw bytes from a channel (a file, or a decompressing stream), starting at a given offset, with a
 * cap on the bytes kept per line (a longer line is reported as oversized, its first bytes kept, and
 * the scanner resumes at the next line). A trailing '\r' is removed. Not thread-safe.
 */
final class LineScanner implements AutoCloseable {
  private final ReadableByteChannel channel;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);
  private final int maxLineBytes;
  private byte[] line = new byte[1024];
  private int length;
  private boolean oversized;
  private long position; // file offset of the next unread byte in buf's logical stream
  private long lineStart;
  private boolean eof;

  /**
   * @param channel positioned at {@code start} already, unless it is a {@link FileChannel}, which
   *     is positioned here
   */
  LineScanner(ReadableByteChannel channel, long start, int maxLineBytes) throws IOException {
    this.channel = channel;
    this.maxLineBytes = maxLineBytes;
    this.position = start;
    if (channel instanceof FileChannel fc) {
      fc.position(start);
    }
    buf.flip(); // empty
  }

  /** Reads the next line; false at the end of the file. */
  boolean next() throws IOException {
    length = 0;
    oversized = false;
    lineStart = position;
    boolean any = false;
    while (true) {
      if (!buf.hasRemaining()) {
        if (eof) {
          if (length > 0 && line[length - 1] == '\r') length--;
          return any;
        }
        buf.clear();
        int r = channel.read(buf);
        buf.flip();
        if (r <= 0) {
          eof = true;
          continue;
        }
      }
      any = true;
      byte[] a = buf.array();
      int p = buf.position();
      int lim = buf.limit();
      int nl = -1;
      for (int i = p; i < lim; i++) {
        if (a[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl >= 0 ? nl : lim;
      append(a, p, end - p);
      position += (nl >= 0 ? nl + 1 : lim) - p;
      buf.position(nl >= 0 ? nl + 1 : lim);
      if (nl >= 0) {
        if (length > 0 && line[length - 1] == '\r') length--;
        return true;
      }
    }
  }

  private void append(byte[] a, int off, int n) {
    int room = maxLineBytes - length;
    if (n > room) {
      oversized = true;
      n = Math.max(0, room);
    }
    if (length + n > line.length) {
      byte[] bigger = new byte[Math.max(line.length * 2, length + n)];
      System.arraycopy(line, 0, bigger, 0, length);
      line = bigger;
    }
    System.arraycopy(a, off, line, length, n);
    length += n;
  }

  byte[] bytes() {
    return line;
  }

  int length() {
    return length;
  }

  boolean oversized() {
    return oversized;
  }

  /** File offset where the current line starts. */
  long lineStart() {
    return lineStart;
  }

  /** File offset just after the current line's terminator. */
  long position() {
    return position;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
