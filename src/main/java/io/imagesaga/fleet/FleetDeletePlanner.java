package io.imagesaga.fleet;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.ParsedReference;
import io.imagesaga.reference.ReferencePattern;
import io.imagesaga.reference.References;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The pure decisions of planning a fleet delete: which hosts, and whether it may run at all. */
final class FleetDeletePlanner {
  private FleetDeletePlanner() {}

  /**
   * The plan, or a {@link RejectedException}: 400 for a host selection naming a host the fleet
   * does not know or a name that does not parse, 409 for a protected name.
   *
   * @param known every host of the fleet
   */
  static FleetDeletePlan plan(String id, FleetDeleteCommand.Request request, List<String> known,
      List<String> patterns, Instant deadline) {
    List<String> hosts = choose(known, request.hosts(), request.excludeHosts());
    if (request.target() instanceof FleetDeleteTarget.Image image) {
      checkName(image.name(), patterns);
    }
    return new FleetDeletePlan(id, request.target(), request.dryRun(), hosts, patterns,
        request.provenance(), deadline);
  }

  static List<String> choose(List<String> known, List<String> only, List<String> excluded) {
    List<String> named = new ArrayList<>(only);
    named.addAll(excluded);
    named.stream().filter(host -> !known.contains(host)).findFirst().ifPresent(host -> {
      throw new RejectedException(new Rejection.InvalidParameter(
          "no such host in the fleet: " + host));
    });
    SortedSet<String> chosen = new TreeSet<>(only.isEmpty() ? known : only);
    chosen.removeAll(excluded);
    return List.copyOf(chosen);
  }

  /**
   * A name the protected list matches is refused before any host is asked; an ID or ID prefix
   * names no reference, and each host checks the image it resolves instead.
   */
  static void checkName(String name, List<String> patterns) {
    ParsedReference parsed;
    try {
      parsed = References.parseAny(name);
    } catch (InvalidReferenceException e) {
      throw new RejectedException(new Rejection.InvalidReference(e.getMessage()));
    }
    if (!(parsed instanceof NamedReference named)) {
      return;
    }
    List<ReferencePattern> parsedPatterns = patterns.stream().map(p -> {
      try {
        return ReferencePattern.parse(p);
      } catch (InvalidReferenceException e) {
        throw new IllegalStateException("protected pattern " + p + " does not parse", e);
      }
    }).toList();
    NamedReference reference = named.withDefaultTag();
    ReferencePattern.firstMatch(parsedPatterns, List.of(reference)).ifPresent(match -> {
      throw new RejectedException(Rejection.Conflict.hard(String.format(
          "conflict: unable to delete %s (cannot be forced) - image is protected in the fleet:"
              + " %s matches %s", name, reference.familiarString(), match.pattern())));
    });
  }
}
