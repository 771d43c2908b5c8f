package io.imagesaga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.content.SampleArchive;
import io.imagesaga.testkit.NodeExtension;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker save} → {@code rmi} → {@code load} restores the same IDs, tags and parents. */
class DockerCliSaveTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path dir;

  @Test
  void save_rmi_load_round_trip() throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), dir);
    Path sample = dir.resolve("sample.tar");
    try (OutputStream out = Files.newOutputStream(sample)) {
      SampleArchive.write(out);
    }
    assertThat(docker.run("load", "-i", sample.toString()).exit()).isZero();
    String format = "{{.Id}} {{.Parent}} {{.RepoTags}}";
    String before = inspect(docker, format);

    Path saved = dir.resolve("saved.tar");
    assertThat(docker.run("save", "-o", saved.toString(), "sample/app:2", "sample/app:1",
        "sample/base").exit()).isZero();
    assertThat(docker.run("events", "--since", "0", "--until", Instant.now().toString(),
        "--filter", "event=save", "--format", "{{.Action}} {{.Actor.ID}}").stdout().lines())
        .containsExactlyInAnyOrderElementsOf(Stream.of(before.split("\n"))
            .map(line -> "save " + line.split(" ")[0]).toList());
    assertThat(NODE.layerBlobs()).isEqualTo(3);
    assertThat(docker.run("rmi", "sample/app:2", "sample/app:1", "sample/base").exit()).isZero();
    assertThat(docker.run("images", "-a", "-q").stdout()).isEmpty();
    assertThat(NODE.layerBlobs()).isZero();

    assertThat(docker.run("load", "-i", saved.toString()).stdout()).isEqualTo(
        "Loaded image: sample/base:latest\nLoaded image: sample/app:1\n"
            + "Loaded image: sample/app:2\n");
    assertThat(inspect(docker, format)).isEqualTo(before);
  }

  private static String inspect(DockerCli docker, String format) throws Exception {
    return docker.run("image", "inspect", "-f", format, "sample/app:2", "sample/app:1",
        "sample/base").stdout();
  }
}
