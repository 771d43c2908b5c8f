package io.imagesaga.fleet;

import io.imagesaga.AskTimeouts;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.ReferencePattern;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code GET/POST/DELETE /imagesaga/fleet/protected}: the protected list ({@link
 * ProtectedList}) as clients change it, each pattern parsed first ({@link ReferencePattern}: a
 * bad one is a 400 and changes nothing). Every answer is the list after the change.
 */
public final class FleetProtection {
  private final ActorSystem<?> system;
  private final Duration timeout;

  public FleetProtection(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  public CompletionStage<List<String>> patterns() {
    return ask(ProtectedList.GetPatterns::new);
  }

  /** Adds {@code pattern}, journaled with who asked. */
  public CompletionStage<List<String>> protect(String pattern, Provenance provenance) {
    return parse(pattern).thenCompose(parsed -> ask(replyTo -> new ProtectedList.Protect(
        parsed.text(), provenance, replyTo)));
  }

  /** Removes {@code pattern} (as it parses: {@code nginx} removes {@code nginx:latest}). */
  public CompletionStage<List<String>> unprotect(String pattern, Provenance provenance) {
    return parse(pattern).thenCompose(parsed -> ask(replyTo -> new ProtectedList.Unprotect(
        parsed.text(), provenance, replyTo)));
  }

  private static CompletionStage<ReferencePattern> parse(String pattern) {
    try {
      return CompletableFuture.completedFuture(ReferencePattern.parse(pattern));
    } catch (InvalidReferenceException e) {
      return CompletableFuture.failedFuture(new RejectedException(
          new Rejection.InvalidParameter(e.getMessage())));
    }
  }

  private CompletionStage<List<String>> ask(
      Function<ActorRef<ProtectedList.Reply>, ProtectedList.Command> command) {
    return AskTimeouts.waitingFor("the fleet's protected list", timeout,
            ProtectedList.ref(system).ask(command::apply, timeout))
        .thenApply(reply -> {
          if (reply instanceof ProtectedList.Refused refused) {
            throw new RejectedException(refused.rejection());
          }
          return ((ProtectedList.Patterns) reply).patterns();
        });
  }
}
