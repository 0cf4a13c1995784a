package dev.veil.lineage.transport;

import java.io.IOException;

/**
 * Delivers serialized OpenLineage run events (one JSON object each, no trailing newline) to a
 * consumer. Implementations are thread-safe. {@link #emit} either delivers the event or throws;
 * retry, spooling and "never fail the pipeline" policies are layered on top (see the spooling
 * transport), not hidden inside.
 */
public interface LineageTransport extends AutoCloseable {

  /** Delivers one event. */
  void emit(String eventJson) throws IOException;

  /** A short description for logs and reports, without secrets (never the API key). */
  String describe();

  @Override
  default void close() throws IOException {}
}
