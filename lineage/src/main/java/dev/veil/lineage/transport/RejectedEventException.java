package dev.veil.lineage.transport;

import java.io.IOException;

/**
 * The receiver permanently refused one event (for HTTP: 400, 413, 415 or 422), so sending the same
 * event again cannot succeed. A {@link SpoolingTransport} moves such an event out of the delivery
 * queue into its {@code rejected/} directory instead of retrying it forever and blocking every
 * later event.
 *
 * <p>Failures that concern the configuration rather than the event (401, 403, 404, other 4xx) are
 * plain {@link IOException}s: the events are fine and are delivered once the configuration is
 * fixed. The message names the receiver and the status, never the event or the response body.
 */
public class RejectedEventException extends IOException {
  private static final long serialVersionUID = 1L;

  public RejectedEventException(String message) {
    super(message);
  }
}
