package io.imagesaga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker import file.tar repo:tag}: the CLI prints the new image's ID; {@code docker
 * images}, {@code inspect} and {@code history} show the one-layer image, {@code rmi} removes it.
 */
class DockerCliImportTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path dir;

  @Test
  void an_imported_tar_is_listed_inspected_with_its_history_and_removed() throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), dir);
    byte[] tar = TestArchives.layer("rootfs.txt", "imported by the docker CLI");
    Path file = Files.write(dir.resolve("rootfs.tar"), tar);

    Result imported = docker.run("import", "-m", "cli import", "-c", "CMD [\"/bin/true\"]",
        "-c", "ENV MODE=test", file.toString(), "cli/imported:v1");
    assertThat(imported.exit()).as(imported.toString()).isZero();
    String id = imported.stdout().strip();
    assertThat(id).matches("sha256:[0-9a-f]{64}");

    assertThat(docker.run("images", "--no-trunc", "--format",
        "{{.Repository}}:{{.Tag}} {{.ID}}", "cli/imported").stdout())
        .isEqualTo("cli/imported:v1 " + id + "\n");
    assertThat(docker.run("inspect", "--format", "{{json .RootFS.Layers}} {{.Comment}} "
        + "{{json .Config.Cmd}} {{json .Config.Env}} {{.Parent}}|", "cli/imported:v1").stdout())
        .isEqualTo("[\"sha256:" + sha256(tar) + "\"] cli import [\"/bin/true\"] "
            + "[\"MODE=test\"] |\n");
    assertThat(docker.run("history", "--no-trunc", "--human=false", "--format",
        "{{.ID}} {{.Size}} {{.Comment}}", "cli/imported:v1").stdout())
        .isEqualTo(id + " " + tar.length + " cli import\n");

    // The freed layer's chain ID is its diff ID: it is the bottom layer.
    assertThat(docker.run("rmi", "cli/imported:v1")).isEqualTo(new Result(0,
        "Untagged: cli/imported:v1\nDeleted: " + id + "\nDeleted: sha256:" + sha256(tar) + "\n",
        ""));
    assertThat(docker.run("images", "-q", "cli/imported").stdout()).isEmpty();
  }

  /** Variables expand from the earlier changes' ENV; HEALTHCHECK keeps its command as written. */
  @Test
  void changes_expand_variables_and_set_a_healthcheck_as_dockerd_does() throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), dir);
    Path file = Files.write(dir.resolve("changes.tar"), TestArchives.layer("c.txt", "c"));
    Result imported = docker.run("import", "--change", "ENV A=1", "--change", "WORKDIR /x/$A",
        "--change", "HEALTHCHECK --interval=5s --retries=2 CMD test -f /x/$A",
        file.toString(), "cli/changes:v1");
    assertThat(imported.exit()).as(imported.toString()).isZero();
    assertThat(docker.run("inspect", "--format", "{{.Config.WorkingDir}} "
        + "{{json .Config.Healthcheck}} {{json .Config.Env}}", "cli/changes:v1").stdout())
        .isEqualTo("/x/1 {\"Test\":[\"CMD-SHELL\",\"test -f /x/$A\"],"
            + "\"Interval\":5000000000,\"Retries\":2} [\"A=1\"]\n");

    Result refused = docker.run("import", "--change", "WORKDIR ${A", file.toString(),
        "cli/changes:bad");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.stderr()).contains("failed to process \"${A\": unsupported modifier");
    assertThat(docker.run("images", "-q", "cli/changes:bad").stdout()).isEmpty();
  }

  @Test
  void a_change_dockerd_refuses_fails_the_command_and_stores_nothing() throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), dir);
    Path file = Files.write(dir.resolve("refused.tar"), TestArchives.layer("x.txt", "x"));
    Result refused = docker.run("import", "-c", "RUN true", file.toString(), "cli/refused");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.stderr()).contains("run is not a valid change command");
    assertThat(docker.run("images", "-q", "cli/refused").stdout()).isEmpty();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
