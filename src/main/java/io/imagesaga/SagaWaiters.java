package io.imagesaga;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who waits on one incarnation of a saga (a delete or an operation): the client that started
 * it, and those settling it (a start finishing interrupted work). In memory only: a saga
 * resumed after a crash has no client left, its answer was lost with the connection.
 *
 * @param <R> the client's answer
 */
public final class SagaWaiters<R> {
  private Optional<ActorRef<R>> client = Optional.empty();
  /** Those who asked for the same saga again while it ran: they get the client's answer. */
  private final List<ActorRef<R>> askedAgain = new ArrayList<>();
  private final List<ActorRef<Done>> settling = new ArrayList<>();

  public void client(ActorRef<R> replyTo) {
    client = Optional.of(replyTo);
  }

  /** {@code replyTo} asked for this saga again: it hears what the client hears. */
  public void askedAgain(ActorRef<R> replyTo) {
    askedAgain.add(replyTo);
  }

  public boolean hasClient() {
    return client.isPresent();
  }

  /** {@code replyTo} hears once the saga has ended. */
  public void settleLater(ActorRef<Done> replyTo) {
    settling.add(replyTo);
  }

  /**
   * Its client and those who asked again get {@code result} before the end is journaled (only
   * where recovery would end the saga with that very result); settlers still wait for the end.
   */
  public void answered(R result) {
    client.ifPresent(c -> c.tell(result));
    askedAgain.forEach(again -> again.tell(result));
    client = Optional.empty();
    askedAgain.clear();
  }

  /** The saga's end is journaled: its client gets {@code result}, if any, and settlers hear. */
  public void ended(Optional<R> result) {
    result.ifPresent(this::answered);
    client = Optional.empty();
    askedAgain.clear();
    settling.forEach(waiter -> waiter.tell(Done.getInstance()));
    settling.clear();
  }
}
