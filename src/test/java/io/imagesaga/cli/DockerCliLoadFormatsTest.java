package io.imagesaga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker load} of saves that went through other tools: compressed, or repacked. */
class DockerCliLoadFormatsTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path dir;

  /** dockerd decompresses the whole archive as it does a layer (gzip here; bzip2, xz alike). */
  @Test
  void a_gzipped_save_loads() throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), dir);
    Path saved = savedAndRemoved(docker, "gzipped", "formats/gzipped:1");
    Path gzipped = dir.resolve("gzipped.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
      Files.copy(saved, out);
    }
    Result load = docker.run("load", "-i", gzipped.toString());
    assertThat(load).isEqualTo(new Result(0, "Loaded image: formats/gzipped:1\n", ""));
  }

  /** {@code tar -C dir -cf x.tar .} names every entry {@code ./...}, the root itself included. */
  @Test
  void a_save_repacked_from_its_directory_loads() throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), dir);
    Path saved = savedAndRemoved(docker, "repacked", "formats/repacked:1");
    Path unpacked = Files.createDirectory(dir.resolve("repacked"));
    tar("-C", unpacked.toString(), "-xf", saved.toString());
    Path repacked = dir.resolve("repacked.tar");
    tar("-C", unpacked.toString(), "-cf", repacked.toString(), ".");
    Result load = docker.run("load", "-i", repacked.toString());
    assertThat(load).isEqualTo(new Result(0, "Loaded image: formats/repacked:1\n", ""));
  }

  /** A one-image archive loaded, saved by {@code docker save}, then removed again. */
  private static Path savedAndRemoved(DockerCli docker, String seed, String tag)
      throws Exception {
    Path archive = dir.resolve(seed + "-source.tar");
    Files.write(archive, TestArchives.tar(TestArchives.image(seed).entries(tag)));
    assertThat(docker.run("load", "-i", archive.toString()).exit()).isZero();
    Path saved = dir.resolve(seed + "-saved.tar");
    assertThat(docker.run("save", "-o", saved.toString(), tag).exit()).isZero();
    assertThat(docker.run("rmi", tag).exit()).isZero();
    return saved;
  }

  private static void tar(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tar"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
