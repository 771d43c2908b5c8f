package io.imagesaga.fleet;

import static io.imagesaga.testkit.NodeDriver.await;
import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.EngineClient;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.TestFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /imagesaga/fleet/images}: which hosts hold an image, and who uses it there. The
 * fleet's remoting frames are small (32 KiB, Artery's least; 256 KiB by default), so a host's
 * list travels in pages or not at all; and a host's agent may take two minutes over a fleet
 * delete's part, but a listing gives up on it after the default five seconds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetImagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static TestFleet fleet;

  @BeforeAll
  static void start() throws Exception {
    fleet = TestFleet.start(dir, Map.of(
        "pekko.remote.artery.advanced.maximum-frame-size", "32KiB",
        "imagesaga.fleet.list-page", 100,
        "imagesaga.fleet.host-timeout", "2m"), "alpha", "beta");
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  @Order(1)
  void an_image_on_two_hosts_lists_both_with_their_own_tags_and_containers() throws Exception {
    ImageId shared = fleet.agent("alpha").node().register("shared", Optional.empty(),
        List.of(diffId("shared-1")), "shared:1");
    fleet.agent("beta").node().register("shared", Optional.empty(),
        List.of(diffId("shared-1")), "shared:prod");
    fleet.agent("beta").node().createContainer("c-beta", "shared:prod");
    fleet.agent("beta").node().start("c-beta");

    FleetImages.View view = list("alpha", "");

    assertThat(view.hosts()).extracting(FleetImages.HostStatus::status)
        .containsOnly("reachable");
    FleetImages.Image image = view.images().stream()
        .filter(i -> i.id().equals(shared.toString())).findFirst().orElseThrow();
    assertThat(image.hosts()).extracting(FleetImages.Holder::host)
        .containsExactly("alpha", "beta");
    assertThat(image.hosts().get(0).repoTags()).containsExactly("shared:1");
    assertThat(image.hosts().get(0).containers()).isEmpty();
    assertThat(image.hosts().get(1).repoTags()).containsExactly("shared:prod");
    assertThat(image.hosts().get(1).containers()).extracting(FleetImages.Container::running)
        .containsExactly(true);
  }

  @Test
  @Order(2)
  void a_host_whose_list_outgrows_a_remoting_frame_lists_every_image() throws Exception {
    NodeDriver beta = fleet.agent("beta").node();
    List<CompletableFuture<ImageId>> registered = IntStream.range(0, 400)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> beta.register("many-" + i,
            Optional.empty(), List.of(), "many/image:" + i)))
        .toList();
    Set<String> ids = registered.stream().map(r -> await(r).toString())
        .collect(Collectors.toSet());

    FleetImages.View view = list("alpha", "?filters=" + EngineClient.encode(
        "{\"reference\":[\"many/image\"]}"));

    assertThat(view.hosts()).containsExactly(new FleetImages.HostStatus("alpha", "reachable"),
        new FleetImages.HostStatus("beta", "reachable"));
    assertThat(view.images()).extracting(FleetImages.Image::id)
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  @Order(3)
  void a_host_whose_agent_does_not_answer_is_listed_unreachable_without_waiting_for_it()
      throws Exception {
    ActorSystem<Void> beta = fleet.agent("beta").fleet().system();
    ActorRef<HostAgent.Command> ghost = beta.systemActorOf(silent(),
        HostAgent.actorName("ghost"), Props.empty());
    try {
      TestProbe.create(fleet.agent("alpha").fleet().system()).awaitAssert(() -> {
        assertThat(await(fleet.agent("alpha").fleet().directory().hosts()))
            .anySatisfy(host -> {
              assertThat(host.host()).isEqualTo("ghost");
              assertThat(host.agent()).isPresent();
            });
        return null;
      });

      FleetImages.View view = list("alpha", "");

      assertThat(view.hosts()).containsExactly(
          new FleetImages.HostStatus("alpha", "reachable"),
          new FleetImages.HostStatus("beta", "reachable"),
          new FleetImages.HostStatus("ghost", "unreachable"));
    } finally {
      Adapter.toClassic(beta).stop(Adapter.toClassic(ghost));
    }
  }

  /** An agent the receptionist lists for its host, which never answers: a host gone silent. */
  private static Behavior<HostAgent.Command> silent() {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(
          Receptionist.register(HostAgent.KEY, context.getSelf()));
      return Behaviors.ignore();
    });
  }

  /** {@code GET /imagesaga/fleet/images} on {@code host}'s agent. */
  private static FleetImages.View list(String host, String query) throws Exception {
    EngineClient.Answer answer = new EngineClient(fleet.http(host), Duration.ofSeconds(30))
        .send("GET", "/imagesaga/fleet/images" + query, null, null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return JSON.readValue(answer.body(), FleetImages.View.class);
  }
}
