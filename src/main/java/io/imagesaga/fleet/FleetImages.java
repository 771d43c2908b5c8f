package io.imagesaga.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.fleet.FleetDirectory.HostLink;
import io.imagesaga.fleet.HostAgent.FleetImage;
import io.imagesaga.fleet.HostAgent.HostImages;
import io.imagesaga.image.ContainerUse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * {@code GET /imagesaga/fleet/images}: every host asked its {@code /images/json} with the same
 * filters, the answers gathered per image ID. Each host is asked page by page, at most
 * {@code pageSize} images a message, so that an answer fits a remoting frame. A host that does
 * not answer a page in time is listed as unreachable (none of its images, rather than some),
 * never left out.
 */
public final class FleetImages {

  /** The answer: images by ID (sorted), and every host with whether it answered. */
  public record View(@JsonProperty("Images") List<Image> images,
      @JsonProperty("Hosts") List<HostStatus> hosts) {}

  public record Image(@JsonProperty("Id") String id, @JsonProperty("Hosts") List<Holder> hosts) {}

  /** One host that holds the image: its names there and the containers using it there. */
  public record Holder(@JsonProperty("Host") String host,
      @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("RepoDigests") List<String> repoDigests,
      @JsonProperty("Containers") List<Container> containers,
      @JsonProperty("Size") long size) {}

  public record Container(@JsonProperty("Id") String id,
      @JsonProperty("Running") boolean running) {}

  /** {@code reachable} or {@code unreachable}. */
  public record HostStatus(@JsonProperty("Host") String host,
      @JsonProperty("Status") String status) {}

  private final ActorSystem<?> system;
  private final FleetDirectory directory;
  private final Duration timeout;
  private final int pageSize;

  /**
   * @param timeout how long a host may take over each page
   * @param pageSize the most images a host answers in one message
   */
  public FleetImages(ActorSystem<?> system, FleetDirectory directory, Duration timeout,
      int pageSize) {
    this.system = system;
    this.directory = directory;
    this.timeout = timeout;
    this.pageSize = pageSize;
  }

  /** Fails with the hosts' own 400 when the filters are bad. */
  public CompletionStage<View> list(Optional<String> filters, boolean all) {
    return directory.hosts().thenCompose(hosts -> {
      List<CompletableFuture<Optional<HostImages>>> answers = hosts.stream()
          .map(host -> ask(host, filters, all).toCompletableFuture()).toList();
      return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
          .thenApply(done -> view(hosts, answers.stream().map(CompletableFuture::join).toList()));
    });
  }

  private CompletionStage<Optional<HostImages>> ask(
      HostLink host, Optional<String> filters, boolean all) {
    if (host.agent().isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return pages(host.agent().get(), filters, all, "", new ArrayList<>())
        .handle((answer, failure) -> Optional.ofNullable(failure == null ? answer : null));
  }

  /**
   * The host's pages after {@code after}, each added to {@code listed}, until it is done. Only
   * images past the cursor count, and a page without any ends the listing: a host that ignored
   * the cursor could not keep it asking.
   */
  private CompletionStage<HostImages> pages(ActorRef<HostAgent.Command> agent,
      Optional<String> filters, boolean all, String after, List<FleetImage> listed) {
    return AskPattern.<HostAgent.Command, HostImages>ask(agent,
            replyTo -> new HostAgent.ListImages(filters, all, after, pageSize, replyTo), timeout,
            system.scheduler())
        .thenCompose(page -> {
          List<FleetImage> fresh = page.images().stream()
              .filter(image -> image.id().compareTo(after) > 0).toList();
          listed.addAll(fresh);
          if (page.done() || page.error().isPresent() || fresh.isEmpty()) {
            return CompletableFuture.completedFuture(
                new HostImages(page.host(), listed, true, page.error()));
          }
          String last = fresh.stream().map(FleetImage::id).max(Comparator.naturalOrder())
              .orElseThrow();
          return pages(agent, filters, all, last, listed);
        });
  }

  private static View view(List<HostLink> hosts, List<Optional<HostImages>> answers) {
    Map<String, List<Holder>> byId = new TreeMap<>();
    List<HostStatus> statuses = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      Optional<HostImages> answer = answers.get(i);
      statuses.add(new HostStatus(hosts.get(i).host(),
          answer.isPresent() ? "reachable" : "unreachable"));
      if (answer.isEmpty()) {
        continue;
      }
      answer.get().error().ifPresent(error -> {
        throw new RejectedException(new Rejection.InvalidParameter(error));
      });
      for (FleetImage image : answer.get().images()) {
        byId.computeIfAbsent(image.id(), id -> new ArrayList<>()).add(holder(answer.get().host(),
            image));
      }
    }
    List<Image> images = byId.entrySet().stream().map(e -> new Image(e.getKey(),
        e.getValue().stream().sorted(Comparator.comparing(Holder::host)).toList())).toList();
    return new View(images, statuses);
  }

  private static Holder holder(String host, FleetImage image) {
    List<Container> containers = image.containers().stream()
        .map((ContainerUse c) -> new Container(c.containerId(), c.running())).toList();
    return new Holder(host, image.repoTags(), image.repoDigests(), containers, image.size());
  }
}
