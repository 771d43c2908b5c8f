package io.imagesaga.security;

import io.imagesaga.CborSerializable;
import io.imagesaga.Provenance;
import java.time.Instant;

/**
 * The journal of refused requests ({@code Access|refusals}), part of the audit log: who was
 * refused what. A flood of refusals is coalesced ({@link RefusalWindows}): the first refusal of
 * a client for a permission is journaled as it happens, those that follow within the window are
 * counted and journaled as one {@link RefusalsRepeated}.
 */
public sealed interface AccessEvent extends CborSerializable {
  Instant at();

  /**
   * A request refused because its client lacked {@code needed} (or presented no certificate).
   *
   * @param provenance the request's, with the client certificate's subject (empty: none)
   * @param path the request's path as sent, without its query
   * @param target what the path names, as its route reads it (an image name or ID, a
   *     container): {@code audit history} finds the refusal by it; empty if the route names none
   */
  record Refused(Provenance provenance, String method, String path, String target,
      Permission needed, Instant at) implements AccessEvent {

    public Refused {
      provenance = Provenance.orUnrecorded(provenance);
      target = target == null ? "" : target;
    }
  }

  /**
   * {@code count} more refusals of {@code client} (a certificate subject; empty: clients
   * without one; {@link #OTHERS}: clients beyond the bound) for {@code needed},
   * since {@code since}; {@code last} is the last of them.
   */
  record RefusalsRepeated(String client, Permission needed, long count, Instant since,
      Refused last, Instant at) implements AccessEvent {
    /** The client of the refusals of clients beyond the bound, counted together. */
    public static final String OTHERS = "*";
  }
}
