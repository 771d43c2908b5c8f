package io.imagesaga.cli;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker events --since --until} replayed from the journal. */
class DockerCliEventsTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path configDir;

  @Test
  void events_are_replayed_from_the_journal_in_order() throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), configDir);
    ImageId id = NODE.driver().register("ev", Optional.empty(), List.of(diffId("ev1")), "ev:1");
    assertThat(docker.run("create", "--name", "ev-c", "ev:1").exit()).isZero();
    assertThat(docker.run("rm", "ev-c").exit()).isZero();
    assertThat(docker.run("rmi", "ev:1").exit()).isZero();
    String until = Instant.now().toString();

    Result events = docker.run("events", "--since", "0", "--until", until, "--format",
        "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}");
    assertThat(events.exit()).isZero();
    assertThat(events.stdout().lines().filter(l -> !l.startsWith("container ")).toList())
        .containsExactly("image tag " + id + " ev:1", "image untag " + id + " " + id,
            "image delete " + id + " " + id);
    assertThat(events.stdout()).contains("container create ", "container destroy ");

    Result images = docker.run("events", "--since", "0", "--until", until, "--filter",
        "type=image", "--filter", "event=delete", "--format", "{{.Action}} {{.Actor.ID}}");
    assertThat(images.stdout()).isEqualTo("delete " + id + "\n");

    NODE.restart();
    Result afterRestart = new DockerCli(NODE.port(), configDir).run("events", "--since", "0",
        "--until", until, "--filter", "type=image", "--format", "{{.Action}}");
    assertThat(afterRestart.stdout()).isEqualTo("tag\nuntag\ndelete\n");
  }
}
