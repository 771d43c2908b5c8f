package io.imagesaga;

import java.util.Objects;

/**
 * Who asked for a change, journaled with the change so that the journal answers "who deleted
 * what, and when" (the time is the event's own). Taken at the edge once per request and passed
 * down as a parameter to every saga and operation the request starts.
 *
 * @param remoteAddress the client's address as the server saw the connection, {@code ip:port}
 *     (or the bare IP when the port is unknown); empty for the node's own changes
 * @param userAgent the client's {@code User-Agent}, empty if it sent none
 * @param requestId the request's ID: the client's {@code X-Request-Id}, or one the node made up
 *     and answered in the same header, so that a client log and the journal can be joined
 * @param client the subject of the client certificate the TLS handshake verified, in RFC 2253
 *     form ({@code CN=alice}); empty without one (plain HTTP, a client that presented none, the
 *     node's own changes, and events journaled before it was recorded)
 */
public record Provenance(String remoteAddress, String userAgent, String requestId,
    String client) implements CborSerializable {

  /**
   * Stands for the events journaled before provenance was recorded: every field empty, which no
   * request's provenance is (its request ID never is).
   */
  public static final Provenance UNRECORDED = new Provenance("", "", "", "");

  /** {@code client} may be absent (null) in an event journaled before it was recorded. */
  public Provenance {
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(requestId, "requestId");
    client = client == null ? "" : client;
  }

  /**
   * A change the node makes on its own behalf, with no client behind it (a benchmark, a test).
   *
   * @param what names the job, and stands as its request ID
   */
  public static Provenance node(String what) {
    return new Provenance("", "imagesaga", what, "");
  }

  /** {@code provenance}, or {@link #UNRECORDED} for a field absent from an older event. */
  public static Provenance orUnrecorded(Provenance provenance) {
    return provenance == null ? UNRECORDED : provenance;
  }
}
