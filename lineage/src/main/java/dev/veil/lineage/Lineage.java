package dev.veil.lineage;

import dev.veil.core.plan.PipelinePlan;
import dev.veil.core.report.RunReport;
import dev.veil.lineage.transport.LineageTransport;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the OpenLineage events of pipeline runs through a transport. A lineage problem never fails
 * a pipeline unless {@code strict}: with {@code strict} off, a transport error is logged (without
 * the event) and the run goes on; wrap the transport in a spooling transport so nothing is lost.
 *
 * <p>Call {@link #started}, then exactly one of {@link #completed}, {@link #failed} or
 * {@link #aborted}, with the same run id. Thread-safe if the transport is.
 */
public final class Lineage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lineage.class);

  private final LineageEvents events;
  private final LineageTransport transport;
  private final boolean strict;

  public Lineage(LineageEvents events, LineageTransport transport, boolean strict) {
    this.events = events;
    this.transport = transport;
    this.strict = strict;
  }

  public LineageTransport transport() {
    return transport;
  }

  public void started(PipelinePlan plan, UUID runId, Instant at, String engine) {
    send(List.of(events.start(plan, runId, at, engine)));
  }

  public void completed(PipelinePlan plan, UUID runId, Instant startedAt, RunReport report) {
    send(events.complete(plan, runId, startedAt, report));
  }

  public void failed(PipelinePlan plan, UUID runId, Instant at, String engine, Throwable error) {
    send(List.of(events.fail(plan, runId, at, engine, error)));
  }

  public void aborted(PipelinePlan plan, UUID runId, Instant at, String engine) {
    send(List.of(events.abort(plan, runId, at, engine)));
  }

  private void send(List<OpenLineage.RunEvent> batch) {
    for (OpenLineage.RunEvent e : batch) {
      String json = OpenLineageClientUtils.toJson(e);
      try {
        transport.emit(json);
      } catch (IOException | RuntimeException ex) {
        if (strict) {
          throw new LineageException("lineage transport " + transport.describe() + " failed: " + ex.getMessage(), ex);
        }
        LOG.warn("lineage event {} {} not delivered by {}: {}", e.getEventType(), e.getJob().getName(), transport.describe(),
            ex.getMessage());
      }
    }
  }

  @Override
  public void close() throws IOException {
    transport.close();
  }

  /** A lineage failure in {@code strict} mode. */
  public static final class LineageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LineageException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
