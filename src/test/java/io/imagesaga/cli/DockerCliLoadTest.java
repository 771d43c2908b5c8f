package io.imagesaga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.testkit.NodeExtension;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker load} of the sample chain, and of archives that must be refused. */
class DockerCliLoadTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path dir;

  @Test
  void load_builds_the_parent_chain_and_rmi_walks_it() throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), dir);
    Path tar = dir.resolve("sample.tar");
    try (OutputStream out = Files.newOutputStream(tar)) {
      SampleArchive.write(out);
    }
    Result load = docker.run("load", "-i", tar.toString());
    assertThat(load).isEqualTo(new Result(0, "Loaded image: sample/base:latest\n"
        + "Loaded image: sample/app:1\nLoaded image: sample/app:2\n", ""));
    assertThat(docker.run("load", "-i", tar.toString()).exit()).isZero();
    // dockerd announces every image of every load, also one already present.
    assertThat(docker.run("events", "--since", "0", "--until", Instant.now().toString(),
        "--filter", "event=load", "--format", "{{.Type}} {{.Action}}").stdout().lines())
        .hasSize(6).containsOnly("image load");

    String app1 = docker.run("image", "inspect", "-f", "{{.Id}}", "sample/app:1").stdout().trim();
    assertThat(docker.run("image", "inspect", "-f", "{{.Parent}}", "sample/app:2").stdout())
        .isEqualTo(app1 + "\n");
    String base = docker.run("image", "inspect", "-f", "{{.Id}}", "sample/base").stdout().trim();
    String app2 = docker.run("image", "inspect", "-f", "{{.Id}}", "sample/app:2").stdout().trim();
    Result history = docker.run("history", "--no-trunc", "--format",
        "{{.ID}} {{.Size}} {{.CreatedBy}}", "sample/app:2");
    assertThat(history.stdout()).isEqualTo(
        app2 + " 2.05kB COPY hello-2.txt / # imagesaga sample\n"
            + app1 + " 2.05kB COPY hello-1.txt / # imagesaga sample\n"
            + base + " 2.05kB COPY hello-0.txt / # imagesaga sample\n");

    Result rmi = docker.run("rmi", "sample/app:2");
    assertThat(rmi.exit()).isZero();
    assertThat(rmi.stdout()).startsWith("Untagged: sample/app:2\nDeleted: sha256:");
    assertThat(rmi.stdout().lines().count()).isEqualTo(3);
    // By ID, a single tag is removed with the image; the tagged base stops the prune.
    Result parent = docker.run("rmi", app1.substring(7, 19));
    assertThat(parent.exit()).isZero();
    assertThat(parent.stdout()).startsWith("Untagged: sample/app:1\nDeleted: " + app1 + "\n");
    assertThat(docker.run("images", "--format", "{{.Repository}}:{{.Tag}}").stdout())
        .isEqualTo("sample/base:latest\n");
  }

  @Test
  void truncated_or_foreign_archives_fail_inside_the_stream_and_change_nothing()
      throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), dir);
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    SampleArchive.write(sample);
    byte[] bytes = sample.toByteArray();
    Path truncated = dir.resolve("truncated.tar");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 3));
    String before = docker.run("images", "-a", "-q").stdout();
    Result broken = docker.run("load", "-i", truncated.toString());
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.stderr()).isNotBlank();
    Path foreign = dir.resolve("foreign.tar");
    Files.writeString(foreign, "this is not a tar");
    assertThat(docker.run("load", "-i", foreign.toString()).exit()).isEqualTo(1);
    assertThat(docker.run("images", "-a", "-q").stdout()).isEqualTo(before);
  }
}
