package dev.veil.lineage.transport;

import dev.veil.core.error.VeilPreconditions;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Prints each event as one line to a {@link PrintStream} ({@code System.out} by default), the
 * OpenLineage client's {@code console} transport.
 *
 * <p>The event JSON is printed as is. That is the purpose of this transport, so use it only where
 * the stream's destination may see lineage metadata (Veil's events carry dataset names, schemas
 * and counts, never record values). Events must be single-line JSON; a multi-line event is
 * rejected with {@link IllegalArgumentException}.
 *
 * <p>Thread-safety: safe for concurrent use; each line is printed while holding the stream's lock,
 * so lines never interleave. {@code emit} fails with {@link IOException} once the stream reports
 * an error ({@link PrintStream#checkError()}). {@link #close} does not close the stream.
 */
public final class ConsoleTransport implements LineageTransport {
  private final PrintStream out;

  /** Prints to {@code System.out}. */
  public ConsoleTransport() {
    this(System.out);
  }

  /** Prints to {@code out}. */
  public ConsoleTransport(PrintStream out) {
    this.out = VeilPreconditions.checkNotNull(out, "out");
  }

  @Override
  public void emit(String eventJson) throws IOException {
    FileTransport.checkSingleLine(eventJson);
    boolean failed;
    synchronized (out) {
      out.println(eventJson);
      out.flush();
      failed = out.checkError();
    }
    if (failed) {
      throw new IOException("console transport: the output stream reported an error");
    }
  }

  @Override
  public String describe() {
    return out == System.out ? "console (stdout)" : out == System.err ? "console (stderr)" : "console";
  }

  @Override
  public String toString() {
    return "ConsoleTransport{" + describe() + "}";
  }
}
