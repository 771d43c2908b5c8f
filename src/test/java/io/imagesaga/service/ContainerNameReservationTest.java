package io.imagesaga.service;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Confirmation;
import io.imagesaga.container.ContainerNameCommand;
import io.imagesaga.container.ContainerNameEntity;
import io.imagesaga.container.ContainerSpec;
import io.imagesaga.operation.OperationEntity;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.JournalWriter;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code docker create --name}: a name is reserved before anything else, and held once. */
class ContainerNameReservationTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Pattern ID = Pattern.compile("\"Id\":\"([0-9a-f]{64})\"");

  private static ImageId image;

  @BeforeAll
  static void image() {
    image = NODE.driver().register("name-race", Optional.empty(), List.of(diffId("name-race")),
        "race:1");
  }

  @Test
  void of_two_concurrent_creates_with_one_name_exactly_one_wins() throws Exception {
    for (int round = 0; round < 20; round++) {
      String name = "race-" + round;
      var first = create(name);
      var second = create(name);
      List<HttpResponse<String>> answers = new ArrayList<>(List.of(first.get(), second.get()));
      answers.sort(Comparator.comparing(HttpResponse::statusCode));
      assertThat(answers).extracting(HttpResponse::statusCode).as("round " + round)
          .containsExactly(201, 409);
      assertThat(answers.get(1).body()).isEqualTo(conflict(name, idOf(answers.get(0))));
    }
  }

  @Test
  void a_name_reserved_by_a_create_in_progress_refuses_another_create() throws Exception {
    String first = "1a".repeat(32);
    // The first create has taken its first step, the reservation, and goes no further yet.
    assertThat(reserve("held", first)).isEqualTo(Confirmation.confirmed());

    var second = create("held").get();
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.body()).isEqualTo(conflict("held", first));

    var finished = NodeDriver.await(NODE.driver().node().containers().create(new ContainerRequest(
        first, Optional.of("held"), "race:1", List.of(), Map.of()), NodeDriver.PROVENANCE));
    assertThat(finished.spec().name()).as("its own reservation").isEqualTo("held");
  }

  @Test
  void a_name_is_free_again_once_its_container_is_removed() throws Exception {
    var created = create("reused").get();
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(NODE.driver().removeContainer(idOf(created), false)).isEqualTo("Done$");
    assertThat(holder("reused").isFree()).isTrue();
    var again = create("reused").get();
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    assertThat(holder("reused").containerId()).isEqualTo(idOf(again));
  }

  /**
   * A crash between the reservation and the container: the create is carried through when the
   * node starts again, so the name belongs to the container it was reserved for; if its image
   * went meanwhile the create is refused on resume, and the name is free again.
   */
  @Test
  void a_create_cut_short_after_its_reservation_ends_either_way_on_restart() throws Exception {
    String finished = "2b".repeat(32);
    String refused = "3c".repeat(32);
    cutShortAfterReservation(finished, "carried", image);
    cutShortAfterReservation(refused, "orphaned",
        ImageId.fromConfig("never registered".getBytes(StandardCharsets.UTF_8)));

    NODE.restart();

    assertThat(NODE.driver().container(finished).spec().name()).isEqualTo("carried");
    assertThat(holder("carried").containerId()).isEqualTo(finished);
    var taken = create("carried").get();
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.body()).isEqualTo(conflict("carried", finished));

    assertThat(NODE.driver().container(refused).exists()).isFalse();
    assertThat(holder("orphaned").isFree()).isTrue();
    assertThat(create("orphaned").get().statusCode()).isEqualTo(201);
  }

  private static void cutShortAfterReservation(String id, String name, ImageId image) {
    ContainerSpec spec = new ContainerSpec(id, name, "race:1", image, List.of(), Map.of(),
        Instant.now());
    JournalWriter.append(NODE.driver().node().system(), PersistenceId.of(
            OperationEntity.ENTITY_TYPE_KEY.name(), "create-" + name), OperationEntity.TAG,
        List.of(new OperationEvent.Started(new OperationPlan.CreateContainer(spec),
            NodeDriver.PROVENANCE, Instant.now())));
    assertThat(reserve(name, id)).isEqualTo(Confirmation.confirmed());
  }

  private static Confirmation reserve(String name, String containerId) {
    return NodeDriver.await(NODE.driver().entities().<Confirmation>containerName(name,
        replyTo -> new ContainerNameCommand.Reserve(containerId, replyTo)));
  }

  private static ContainerNameEntity.Holder holder(String name) {
    return NodeDriver.await(NODE.driver().entities().<ContainerNameEntity.Holder>containerName(
        name, ContainerNameCommand.Get::new));
  }

  static String conflict(String name, String owner) {
    return "{\"message\":\"Conflict. The container name \\\"/" + name + "\\\" is already in use"
        + " by container \\\"" + owner + "\\\". You have to remove (or rename) that container"
        + " to be able to reuse that name.\"}";
  }

  static String idOf(HttpResponse<String> created) {
    Matcher m = ID.matcher(created.body());
    assertThat(m.find()).as(created.body()).isTrue();
    return m.group(1);
  }

  static CompletableFuture<HttpResponse<String>> create(String name) {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + NODE.port() + "/v1.47/containers/create?name=" + name))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"Image\":\"race:1\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
