package io.imagesaga;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.imagesaga.image.ConflictKind;
import java.util.List;

/**
 * Why a request was refused, as a type rather than a string: the HTTP edge maps each kind to a
 * status in one place (moby's {@code errdefs} + {@code httpstatus.FromError}). {@link #message()}
 * is always dockerd's exact text for the same situation.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Rejection.NotFound.class, name = "not-found"),
  @JsonSubTypes.Type(value = Rejection.InvalidReference.class, name = "invalid-reference"),
  @JsonSubTypes.Type(value = Rejection.InvalidParameter.class, name = "invalid-parameter"),
  @JsonSubTypes.Type(value = Rejection.Conflict.class, name = "conflict"),
  @JsonSubTypes.Type(value = Rejection.PreconditionFailed.class, name = "precondition-failed"),
  @JsonSubTypes.Type(value = Rejection.Unavailable.class, name = "unavailable"),
  @JsonSubTypes.Type(value = Rejection.Forbidden.class, name = "forbidden"),
  @JsonSubTypes.Type(value = Rejection.TooLarge.class, name = "too-large"),
  @JsonSubTypes.Type(value = Rejection.Busy.class, name = "busy")
})
public sealed interface Rejection extends CborSerializable {
  /**
   * What a client is told of a failure that is no rejection, wherever it is reported (an error
   * answer, a stream's last message, a prune's skipped item): the failure's own text may name
   * paths or internals and goes only to the log.
   */
  String INTERNAL = "internal error: the node's log has the details";

  String message();

  /** The image, reference or container does not exist (404). */
  record NotFound(String message) implements Rejection {}

  /** The name could not be parsed as a Docker reference, or was blank (400). */
  record InvalidReference(String message) implements Rejection {}

  /** Any other malformed request value (400). */
  record InvalidParameter(String message) implements Rejection {}

  /**
   * A conditional request whose condition no longer holds, e.g. the name now names another image
   * than the caller expected (412). An imagesaga extension: dockerd has no such requests.
   */
  record PreconditionFailed(String message) implements Rejection {}

  /**
   * Something the request waited on did not answer in time (503): an entity, the catalog, or
   * the delete or operation the request started, which then carries on by itself. An imagesaga
   * extension (dockerd has no such answer); the message names what timed out. See
   * {@link AskTimeouts}.
   */
  record Unavailable(String message) implements Rejection {}

  /**
   * The client may not do this (403): it presented no verified certificate, or the policy does
   * not grant it the permission the route needs (docs/security.md, "Permissions"); or the
   * request may not be served at all, whatever it asks: a browser's cross-origin request, or a
   * {@code Host} that does not name the node (docs/security.md, "Browser requests"). dockerd
   * has no per-client permissions; its authorization plugins answer 403 too.
   */
  record Forbidden(String message) implements Rejection {}

  /**
   * The node runs as many loads, pulls or saves as it lets in, and as many wait (503): try
   * again after {@code retryAfterSeconds} ({@code Retry-After}). An imagesaga extension.
   */
  record Busy(String message, long retryAfterSeconds) implements Rejection {}

  /**
   * The request's body is larger than its route takes (413). An imagesaga extension: dockerd
   * takes any size.
   */
  record TooLarge(String message) implements Rejection {}

  /**
   * The request conflicts with the current state (409). For image deletes, {@code severity}
   * says whether {@code force} could override it and {@code used} whether a container caused
   * it (moby's {@code imageDeleteConflict.hard} and {@code .used}); other conflicts are HARD.
   * {@code kind} is what stood in an image delete's way (counted by kind in
   * {@code imagesaga_delete_conflicts_total}, docs/metrics.md); null for every other conflict,
   * and in conflicts journaled before it was recorded.
   */
  record Conflict(Severity severity, boolean used, String message, Blockers blockers,
      ConflictKind kind) implements Rejection {

    public Conflict {
      blockers = blockers == null ? Blockers.NONE : blockers;
    }

    public Conflict(Severity severity, boolean used, String message) {
      this(severity, used, message, Blockers.NONE, null);
    }

    public static Conflict hard(String message) {
      return new Conflict(Severity.HARD, false, message);
    }
  }

  /**
   * Everything that stands in a delete's way, beyond the one moby's message names: the child
   * images and the containers using the image (an imagesaga extension of the 409 body).
   */
  record Blockers(List<String> children, List<BlockingContainer> containers)
      implements CborSerializable {
    public static final Blockers NONE = new Blockers(List.of(), List.of());

    public Blockers {
      children = children == null ? List.of() : List.copyOf(children);
      containers = containers == null ? List.of() : List.copyOf(containers);
    }

    @JsonIgnore
    public boolean isEmpty() {
      return children.isEmpty() && containers.isEmpty();
    }
  }

  record BlockingContainer(String id, boolean running) implements CborSerializable {}

  enum Severity {
    HARD,
    SOFT
  }
}
