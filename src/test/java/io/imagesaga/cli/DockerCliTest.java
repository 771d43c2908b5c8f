package io.imagesaga.cli;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The stock docker CLI (on PATH; CI fails without it) against a node on a free port. */
class DockerCliTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path configDir;
  private final DockerCli docker = new DockerCli(NODE.port(), configDir);

  @Test
  void version_shows_the_negotiated_api() throws Exception {
    Result version = docker.run("version", "--format", "{{.Server.APIVersion}}");
    assertThat(version.exit()).isZero();
    assertThat(version.stdout().trim()).isEqualTo("1.47");
  }

  @Test
  void info_and_system_df_answer() throws Exception {
    assertThat(docker.run("info", "--format", "{{.Driver}} {{.OSType}}").stdout())
        .isEqualTo("imagesaga linux\n");
    Result df = docker.run("system", "df");
    assertThat(df.exit()).isZero();
    assertThat(df.stdout()).startsWith("TYPE").contains("Images");
  }

  @Test
  void rmi_tag_and_containers_as_with_dockerd() throws Exception {
    ImageId id = NODE.driver().register("cli-app", Optional.empty(), List.of(diffId("cli-l1")),
        "cli-app:1", "cli-app:2");
    assertThat(docker.run("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").stdout())
        .contains("cli-app:1 " + id.shortId(), "cli-app:2 " + id.shortId());
    assertThat(docker.run("tag", "cli-app:1", "cli-app:prod").exit()).isZero();

    Result untag = docker.run("rmi", "cli-app:1");
    assertThat(untag).isEqualTo(new Result(0, "Untagged: cli-app:1\n", ""));

    Result created = docker.run("create", "--name", "cli-c", "cli-app:2");
    assertThat(created.exit()).isZero();
    String containerId = created.stdout().trim();
    assertThat(docker.run("start", "cli-c").stdout()).isEqualTo("cli-c\n");
    assertThat(docker.run("ps", "--format", "{{.Names}} {{.Image}}").stdout())
        .isEqualTo("cli-c cli-app:2\n");

    Result running = docker.run("rmi", "-f", id.shortId());
    assertThat(running.exit()).isEqualTo(1);
    assertThat(running.stderr()).isEqualTo("Error response from daemon: conflict: unable to"
        + " delete " + id.shortId() + " (cannot be forced) - image is being used by running"
        + " container " + containerId.substring(0, 12) + "\n");

    assertThat(docker.run("stop", "cli-c").stdout()).isEqualTo("cli-c\n");
    Result stopped = docker.run("rmi", "cli-app:2", "cli-app:prod");
    assertThat(stopped.stdout()).isEqualTo("Untagged: cli-app:2\n");
    assertThat(stopped.stderr()).isEqualTo("Error response from daemon: conflict: unable to"
        + " remove repository reference \"cli-app:prod\" (must force) - container "
        + containerId.substring(0, 12) + " is using its referenced image " + id.shortId()
        + "\n");
    assertThat(stopped.exit()).isEqualTo(1);

    assertThat(docker.run("rm", "cli-c").stdout()).isEqualTo("cli-c\n");
    assertThat(docker.run("rmi", "cli-app:prod")).isEqualTo(new Result(0,
        "Untagged: cli-app:prod\nDeleted: " + id + "\nDeleted: " + diffId("cli-l1") + "\n", ""));
  }

  @Test
  void images_filters_as_with_dockerd() throws Exception {
    ImageId base = NODE.driver().register("cli-f-base", Optional.empty(),
        List.of(diffId("cli-f1")));
    ImageId app = NODE.driver().register("cli-f-app", Optional.of(base),
        List.of(diffId("cli-f1"), diffId("cli-f2")), "cli-filter/app:1");
    ImageId loose = NODE.driver().register("cli-f-loose", Optional.empty(),
        List.of(diffId("cli-f3")));
    String format = "{{.Repository}}:{{.Tag}} {{.ID}}";
    assertThat(docker.run("images", "--format", format, "cli-filter/app").stdout())
        .isEqualTo("cli-filter/app:1 " + app.shortId() + "\n");
    assertThat(docker.run("images", "-q", "--filter", "label=seed=cli-f-app").stdout())
        .isEqualTo(app.shortId() + "\n");
    String dangling = docker.run("images", "-q", "-f", "dangling=true").stdout();
    assertThat(dangling).contains(loose.shortId()).doesNotContain(base.shortId());
    assertThat(docker.run("images", "-a", "-q", "-f", "dangling=true").stdout())
        .contains(loose.shortId(), base.shortId());
    Result bad = docker.run("images", "-f", "colour=blue");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.stderr()).isEqualTo(
        "Error response from daemon: invalid filter 'colour'\n");
  }

  @Test
  void inspect_reads_the_stored_config() throws Exception {
    ImageId id = NODE.driver().register("cli-inspect", Optional.empty(),
        List.of(diffId("cli-i1")), "cli-i:1");
    Result inspect = docker.run("image", "inspect", "--format",
        "{{.Id}} {{.Os}} {{index .RepoTags 0}} {{.Config.Labels.seed}} {{index .RootFS.Layers 0}}",
        "cli-i:1");
    assertThat(inspect).isEqualTo(new Result(0,
        id + " linux cli-i:1 cli-inspect " + diffId("cli-i1") + "\n", ""));
    assertThat(docker.run("inspect", "--format", "{{.Id}}", id.shortId()).stdout())
        .isEqualTo(id + "\n");
    Result missing = docker.run("image", "inspect", "cli-none");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.stderr()).contains("No such image: cli-none");
  }

  /**
   * Over tcp the CLI sends {@code DOCKER_HOST}'s host as {@code Host}: a loopback name passes
   * the rebinding check as an address does. A browser's {@code Origin} (here sent through the
   * CLI's {@code HttpHeaders} setting) is refused, and the CLI prints why.
   */
  @Test
  void the_cli_passes_by_a_loopback_name_and_prints_a_browser_refusal(@TempDir Path withOrigin)
      throws Exception {
    DockerCli byName = new DockerCli("tcp://localhost:" + NODE.port(), configDir);
    assertThat(byName.run("version", "--format", "{{.Server.APIVersion}}"))
        .isEqualTo(new Result(0, "1.47\n", ""));

    Files.writeString(withOrigin.resolve("config.json"),
        "{\"HttpHeaders\": {\"Origin\": \"http://evil.example\"}}");
    Result refused = new DockerCli(NODE.port(), withOrigin).run("image", "prune", "-f");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderr()).isEqualTo("Error response from daemon: origin"
        + " \"http://evil.example\" is not allowed: browsers may call the API only from its own"
        + " origin and those in imagesaga.http.allowed-origins (IMAGESAGA_HTTP_ALLOWED_ORIGINS)\n");
  }

  @Test
  void missing_images_exit_one_except_with_force() throws Exception {
    assertThat(docker.run("rmi", "cli-nosuch")).isEqualTo(new Result(1, "",
        "Error response from daemon: No such image: cli-nosuch:latest\n"));
    assertThat(docker.run("rmi", "-f", "cli-nosuch")).isEqualTo(new Result(0, "",
        "Error response from daemon: No such image: cli-nosuch:latest\n"));
    assertThat(docker.run("rmi", "Cli-Bad").stderr()).isEqualTo("Error response from daemon:"
        + " invalid reference format: repository name must be lowercase\n");
  }
}
