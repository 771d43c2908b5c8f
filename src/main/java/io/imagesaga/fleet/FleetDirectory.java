package io.imagesaga.fleet;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The hosts of the fleet and how to reach them now: every host the registry knows or the
 * receptionist lists, with its agent if the receptionist lists it as reachable. This agent's
 * own host is always reachable: its agent is local, and the receptionist may not list it yet
 * (its registration reaches the local listing only after the node joined and a replication
 * tick passed), which would show a host unreachable from itself right after it is ready.
 */
public final class FleetDirectory {

  /** A host, and its agent unless it is unreachable. */
  public record HostLink(String host, Optional<ActorRef<HostAgent.Command>> agent) {}

  private final ActorSystem<?> system;
  private final Duration timeout;
  private final ActorRef<HostAgent.Command> self;

  /** @param self this agent's own {@link HostAgent} */
  public FleetDirectory(ActorSystem<?> system, Duration timeout,
      ActorRef<HostAgent.Command> self) {
    this.system = system;
    this.timeout = timeout;
    this.self = self;
  }

  public CompletionStage<List<HostLink>> hosts() {
    CompletionStage<Receptionist.Listing> listing = AskPattern.ask(system.receptionist(),
        replyTo -> Receptionist.find(HostAgent.KEY, replyTo), timeout, system.scheduler());
    CompletionStage<HostRegistry.Hosts> known = HostRegistry.ref(system)
        .ask(HostRegistry.GetHosts::new, timeout);
    return known.thenCombine(listing, (hosts, found) -> {
      Map<String, ActorRef<HostAgent.Command>> reachable =
          found.getServiceInstances(HostAgent.KEY).stream().collect(Collectors.toMap(
              HostAgent::hostOf, Function.identity(), (a, b) -> a, HashMap::new));
      reachable.put(HostAgent.hostOf(self), self);
      // A host whose join the registry has not journaled yet is reachable all the same.
      SortedSet<String> names = new TreeSet<>(hosts.names());
      names.addAll(reachable.keySet());
      return names.stream()
          .map(host -> new HostLink(host, Optional.ofNullable(reachable.get(host))))
          .toList();
    });
  }
}
