package io.imagesaga.cli;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keep-alive newlines of a quiet stream, as clients read them (here an idle timeout of
 * 2 s, a keep-alive every 200 ms): {@code docker events} that follows past the idle timeout
 * prints its events and ends as it would without them; the Python SDK, which cannot decode a
 * stream that ends in whitespace, gets none in a stream that ends before the idle timeout.
 */
class KeepAliveClientsTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      "imagesaga.limits.idle-timeout", "2s",
      "imagesaga.limits.stream-keep-alive", "200ms",
      "imagesaga.limits.request-timeout", "1s",
      "imagesaga.limits.admission.queue-wait", "1s"));
  @TempDir static Path configDir;

  @Test
  void docker_events_reads_through_the_keep_alives() throws Exception {
    NODE.driver().register("keep", Optional.empty(), List.of(diffId("keep1")), "keep:1");
    String until = Instant.now().plusSeconds(5).toString();

    Result events = new DockerCli(NODE.port(), configDir).run("events", "--since", "0",
        "--until", until, "--filter", "type=image", "--format", "{{.Action}} {{.Actor.ID}}");

    assertThat(events.exit()).as(events.stderr()).isZero();
    assertThat(events.stdout()).startsWith("tag sha256:").endsWith("\n");
    assertThat(events.stdout().lines()).allMatch(l -> l.startsWith("tag sha256:"));
  }

  @Test
  void the_python_sdk_decodes_a_short_events_stream_to_its_end() throws Exception {
    ImageId id = NODE.driver().register("keep-py", Optional.empty(), List.of(diffId("keep2")),
        "keep-py:1");
    assertThat(NODE.driver().rmi("keep-py:1", DeleteOptions.defaults())).contains("Deleted");
    Instant until = Instant.now().plusMillis(1500);

    var events = PythonSdk.find(NODE.port()).script("events.py", "0",
        until.getEpochSecond() + "." + String.format("%09d", until.getNano()), id.toString());

    PythonSdkTest.expect(events, "image delete " + id + "\n");
  }
}
