package io.imagesaga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestRegistry;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker pull} from a registry served by the test, with bearer-token auth. */
class DockerCliPullTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path configDir;

  @Test
  void pull_by_tag_records_the_digest_and_rmi_cleans_it_up() throws Exception {
    try (TestRegistry registry = new TestRegistry()) {
      DockerCli docker = new DockerCli(NODE.port(), configDir);
      String repo = registry.host() + "/team/app";
      String digest = registry.manifestDigest().toString();
      Result pull = docker.run("pull", repo + ":1");
      assertThat(pull.exit()).as(pull.stderr()).isZero();
      assertThat(pull.stdout()).contains("Digest: " + digest);
      assertThat(docker.run("images", "--digests", "--format",
          "{{.Repository}}:{{.Tag}} {{.Digest}}").stdout())
          .isEqualTo(repo + ":1 " + digest + "\n");

      assertThat(docker.run("events", "--since", "0", "--until", Instant.now().toString(),
          "--filter", "event=pull", "--format", "{{.Actor.ID}}").stdout())
          .isEqualTo(repo + ":1\n");

      Result rmi = docker.run("rmi", repo + ":1");
      assertThat(rmi.stdout()).startsWith("Untagged: " + repo + ":1\nUntagged: " + repo + "@"
          + digest + "\nDeleted: sha256:");

      Result byDigest = docker.run("pull", registry.host() + "/team/multi@" + digest);
      assertThat(byDigest.exit()).as(byDigest.stderr()).isZero();
      Result fromIndex = docker.run("pull", registry.host() + "/team/multi:1");
      assertThat(fromIndex.exit()).as(fromIndex.stderr()).isZero();
      assertThat(docker.run("images", "-q").stdout().lines().distinct().count()).isEqualTo(1);

      Result missing = docker.run("pull", registry.host() + "/team/nothing:1");
      assertThat(missing.exit()).isEqualTo(1);
      assertThat(missing.stderr()).contains("pull access denied for " + registry.host()
          + "/team/nothing");
    }
  }
}
