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

/** {@code docker image prune} through the real CLI, on a node of its own. */
class DockerCliPruneTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path configDir;

  @Test
  void prune_removes_dangling_then_everything_unused() throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), configDir);
    var node = NODE.driver();
    ImageId base = node.register("p-base", Optional.empty(), List.of(diffId("p1")));
    ImageId app = node.register("p-app", Optional.of(base), List.of(diffId("p1"), diffId("p2")),
        "p-app:1");
    ImageId loose = node.register("p-loose", Optional.empty(), List.of(diffId("p3")));
    ImageId pulled = node.register("p-pulled", Optional.empty(), List.of(diffId("p4")));
    String digest = "p-pulled@sha256:" + "d".repeat(64);
    assertThat(node.addDigest(digest, pulled)).isEmpty();
    ImageId used = node.register("p-used", Optional.empty(), List.of(diffId("p5")), "p-used:1");
    assertThat(docker.run("create", "--name", "p-c", "p-used:1").exit()).isZero();

    Result dangling = docker.run("image", "prune", "-f");
    assertThat(dangling.exit()).isZero();
    assertThat(dangling.stdout()).contains("Deleted Images:\n", "untagged: " + digest + "\n",
        "deleted: " + loose + "\n", "deleted: " + pulled + "\n", "deleted: " + diffId("p3"),
        "Total reclaimed space: 2kB\n").doesNotContain(base.toString());

    Result all = docker.run("image", "prune", "-a", "-f");
    assertThat(all.stdout()).contains("untagged: p-app:1\n", "deleted: " + app + "\n",
        "deleted: " + base + "\n", "Total reclaimed space: 2kB\n");
    assertThat(docker.run("images", "-a", "-q").stdout()).isEqualTo(used.shortId() + "\n");

    assertThat(docker.run("image", "prune", "-f").stdout())
        .isEqualTo("Total reclaimed space: 0B\n");
    assertThat(docker.run("events", "--since", "0", "--until", Instant.now().toString(),
        "--filter", "event=prune", "--format", "{{.Type}} {{.Action}} {{.Actor}}").stdout())
        .isEqualTo("image prune { map[reclaimed:2000]}\n".repeat(2)
            + "image prune { map[reclaimed:0]}\n");
    // The CLI adds dangling=true itself; dockerd then ignores the other value, and so do we.
    assertThat(docker.run("image", "prune", "-f", "--filter", "dangling=maybe").exit())
        .isZero();
  }
}
