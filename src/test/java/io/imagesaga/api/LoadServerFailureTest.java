package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.api.RawConnection.Response;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A load that fails on this node's side (here: its work directory cannot be made) is an
 * internal error, not the client's invalid archive, and names no path under the data dir.
 */
class LoadServerFailureTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();

  @Test
  void a_work_dir_that_cannot_be_made_is_an_internal_error() throws Exception {
    Path staging = NODE.dataDir().resolve("tmp");
    if (Files.isDirectory(staging)) {
      try (var files = Files.list(staging)) {
        assertThat(files).as("no load runs").isEmpty();
      }
      Files.delete(staging);
    }
    Files.writeString(staging, "a file where the work dirs go");
    byte[] tar = TestArchives.tar(TestArchives.image("server-failure").entries("server/fail:1"));
    try (RawConnection connection = new RawConnection(NODE.port())) {
      connection.startLoad();
      connection.chunk(tar);
      connection.lastChunk();
      Response answer = connection.read();

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo("{\"errorDetail\":{\"message\":\"" + Errors.INTERNAL
          + "\"},\"error\":\"" + Errors.INTERNAL + "\"}\n");
    }
  }
}
