package io.imagesaga.fleet;

import io.imagesaga.AskTimeouts;
import io.imagesaga.CborSerializable;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.api.Errors;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.deletion.ImagePrune;
import java.util.List;
import java.util.Optional;

/**
 * A host's answer to its part of a fleet delete or prune, as the fleet journals and shows it:
 * the records its {@code docker rmi} (or prune) answered, or its error with the status the
 * host's own API would have answered (one error map, {@link Errors}).
 *
 * @param reclaimed for a prune, the bytes its deleted layers held; 0 for a delete
 */
public record HostResult(List<DeleteRecord> records, long reclaimed, Optional<HostError> error)
    implements CborSerializable {

  /** 503: the host could not decide in time; its part is asked again, never journaled. */
  public static final int UNAVAILABLE = 503;

  public HostResult {
    records = records == null ? List.of() : List.copyOf(records);
    error = error == null ? Optional.empty() : error;
  }

  /**
   * A refusal as the host's API body would carry it.
   *
   * @param blockers for a delete conflict, what stands in its way; empty otherwise
   */
  public record HostError(int status, String message, Rejection.Blockers blockers)
      implements CborSerializable {}

  public static HostResult deleted(List<DeleteRecord> records) {
    return new HostResult(records, 0, Optional.empty());
  }

  public static HostResult pruned(ImagePrune.Report report) {
    return new HostResult(report.deleted(), report.spaceReclaimed(), Optional.empty());
  }

  /** The failure of a host's part, through the error map; anything untyped is a 500. */
  public static HostResult failed(Throwable failure) {
    Rejection rejection = RejectedException.of(failure);
    if (rejection == null && AskTimeouts.isTimeout(failure)) {
      rejection = new Rejection.Unavailable("the host timed out on its part; it is asked again");
    }
    Rejection.Blockers blockers = rejection instanceof Rejection.Conflict conflict
        ? conflict.blockers() : Rejection.Blockers.NONE;
    int status = rejection == null ? 500 : Errors.status(rejection).intValue();
    String message = rejection == null ? Errors.message(failure) : rejection.message();
    return new HostResult(List.of(), 0, Optional.of(new HostError(status, message, blockers)));
  }

  /** Whether the host decided: anything but a 503 is its final answer. */
  public boolean decided() {
    return error.map(e -> e.status() != UNAVAILABLE).orElse(true);
  }
}
