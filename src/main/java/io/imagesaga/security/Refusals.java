package io.imagesaga.security;

import io.imagesaga.Provenance;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** Where the API records refused requests: the node's {@link RefusalLog}. */
public final class Refusals {
  private final ActorRef<RefusalLog.Command> log;
  private final ActorSystem<?> system;
  private final Duration timeout;

  private Refusals(ActorRef<RefusalLog.Command> log, ActorSystem<?> system, Duration timeout) {
    this.log = log;
    this.system = system;
    this.timeout = timeout;
  }

  /**
   * Starts the node's refusal log; a stop journals what its windows counted before the journal
   * closes (coordinated shutdown's {@code service-requests-done}, after the API unbound).
   */
  public static Refusals start(ActorSystem<?> system, Duration window, int maxClients,
      Duration timeout) {
    ActorRef<RefusalLog.Command> log = system.systemActorOf(
        RefusalLog.create(window, maxClients, Clock.systemUTC()), "refusals", Props.empty());
    Refusals refusals = new Refusals(log, system, timeout);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(),
        "journal-counted-refusals", () -> AskPattern.<RefusalLog.Command, Done>ask(log,
            RefusalLog.Flush::new, timeout, system.scheduler()));
    return refusals;
  }

  /**
   * Records the refusal; completes once it is journaled or counted, and fails if the log did
   * not answer within the ask timeout (the client is refused either way).
   */
  public CompletionStage<Done> refuse(Provenance provenance, String method, String path,
      String target, Permission needed) {
    return AskPattern.ask(log, replyTo -> new RefusalLog.Refuse(provenance, method, path,
        target, needed, replyTo), timeout, system.scheduler());
  }
}
