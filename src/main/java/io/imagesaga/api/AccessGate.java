package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.extractUri;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;

import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import io.imagesaga.security.Access;
import io.imagesaga.security.ClientIdentity;
import io.imagesaga.security.Permission;
import io.imagesaga.security.Refusals;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's check of the permission its route line needs. A refused request is journaled
 * in the audit log ({@link Refusals}: at once, or counted while its client floods) and then
 * answered 403 with the reason, through the error map; if the journal does not answer in time
 * the request is refused all the same.
 */
final class AccessGate implements RouteTable.Gate {
  private static final Logger log = LoggerFactory.getLogger(AccessGate.class);

  private final Access access;
  private final Refusals refusals;
  private final Optional<ClientIdentity> client;
  private final Provenance provenance;

  AccessGate(Access access, Refusals refusals, Optional<ClientIdentity> client,
      Provenance provenance) {
    this.access = access;
    this.refusals = refusals;
    this.client = client;
    this.provenance = provenance;
  }

  @Override
  public Route pass(Permission needed, String target, Supplier<Route> handler) {
    if (!access.verifying()) {
      return handler.get();
    }
    return extractMethod(method -> extractUri(uri -> {
      String path = RequestProvenance.bounded(uri.path());
      Optional<String> refusal = access.refusal(client, needed, method.name(), path);
      if (refusal.isEmpty()) {
        return handler.get();
      }
      return onComplete(refusals.refuse(provenance, method.name(), path,
          RequestProvenance.bounded(target), needed), journaled -> {
        if (journaled.isFailure()) {
          log.warn("refused {} {} of {} (request {}) but could not journal it",
              method.name(), path, provenance.client(), provenance.requestId(),
              journaled.failed().get());
        }
        return complete(Errors.response(new Rejection.Forbidden(refusal.get())));
      });
    }));
  }
}
