package dev.veil.lineage.transport;

import dev.veil.core.error.VeilPreconditions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each event as one line of a JSON-lines file: the event's UTF-8 bytes followed by
 * {@code '\n'}, written with a single append so a line is never interleaved with another one.
 *
 * <p>This is the embedded default transport (a file next to the run report). The file and its
 * parent directories are created on the first {@link #emit}; nothing touches the disk before that.
 * Each line is handed to the operating system before {@code emit} returns; with {@code
 * forceToDisk} it is also forced to the storage device (slower, survives a power cut).
 *
 * <p>Events must be single-line JSON (no {@code '\n'} or {@code '\r'}), which is what a JSON
 * serializer produces unless asked to pretty-print; a multi-line event is rejected with {@link
 * IllegalArgumentException} because it would corrupt the file for every reader.
 *
 * <p>Thread-safety: safe for concurrent use; {@code emit} is synchronized. Several processes may
 * append to the same file (appends are atomic on local file systems), but lines from different
 * processes interleave in arrival order. After {@link #close}, {@code emit} fails with {@link
 * IllegalStateException}.
 */
public final class FileTransport implements LineageTransport {
  private final Path file;
  private final boolean forceToDisk;
  private FileChannel channel; // guarded by this
  private boolean closed; // guarded by this

  /** A file transport that does not force each line to the storage device. */
  public FileTransport(Path file) {
    this(file, /* forceToDisk= */ false);
  }

  /**
   * @param file the JSON-lines file to append to; created with its parent directories if missing
   * @param forceToDisk whether each line is forced to the storage device before {@code emit} returns
   */
  public FileTransport(Path file, boolean forceToDisk) {
    this.file = VeilPreconditions.checkNotNull(file, "file");
    this.forceToDisk = forceToDisk;
  }

  /** The file events are appended to. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void emit(String eventJson) throws IOException {
    checkSingleLine(eventJson);
    if (closed) {
      throw new IllegalStateException("FileTransport for " + file + " is closed");
    }
    if (channel == null) {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    ByteBuffer line = ByteBuffer.wrap((eventJson + "\n").getBytes(StandardCharsets.UTF_8));
    while (line.hasRemaining()) {
      channel.write(line);
    }
    if (forceToDisk) {
      channel.force(false);
    }
  }

  @Override
  public String describe() {
    return "file " + file + (forceToDisk ? " (forced to disk)" : "");
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  @Override
  public String toString() {
    return "FileTransport{" + describe() + "}";
  }

  /** Shared by the line-oriented transports; never puts the event itself into the message. */
  static void checkSingleLine(String eventJson) {
    VeilPreconditions.checkNotNull(eventJson, "eventJson");
    if (eventJson.indexOf('\n') >= 0 || eventJson.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "eventJson must be a single line of JSON (no '\\n' or '\\r'; serialize without"
              + " pretty-printing). Provided value: a "
              + eventJson.length()
              + "-character event with a line break");
    }
  }
}
