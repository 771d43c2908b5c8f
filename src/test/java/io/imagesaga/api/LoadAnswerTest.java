package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.api.RawConnection.Response;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Image;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A load's answer reaches its client, as dockerd's JSON stream, however the chunked body ends:
 * after the tar's own end (Python's {@code tarfile} pads to 10 KiB records, and the body's last
 * chunk may arrive after the reader is done) or after an error the reader found early. The
 * connection stays usable for the next request (keep-alive), never reset.
 */
class LoadAnswerTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final HttpClient client = HttpClient.newHttpClient();

  @Test
  void the_answer_waits_for_the_end_of_the_chunked_body_and_the_connection_stays_usable()
      throws Exception {
    Image image = TestArchives.image("answer-late-end");
    byte[] tar = tarfilePadded(TestArchives.tar(image.entries("answer/late-end:1")));
    try (RawConnection connection = new RawConnection(NODE.port())) {
      connection.startLoad();
      connection.chunk(tar);
      // The archive is complete, the body is not: the image gets loaded meanwhile.
      awaitStatus("/v1.47/images/answer/late-end:1/json", 200);
      connection.lastChunk();
      expectStream(connection.read(), "{\"stream\":\"Loaded image: answer/late-end:1\\n\"}\n");
      connection.get("/_ping");
      assertThat(connection.read().text()).isEqualTo("OK");
    }
  }

  /**
   * The reader fails on the first block while 32 MiB of the body, more than the socket buffers
   * hold, are still on their way.
   */
  @Test
  void an_error_found_before_the_body_ends_is_answered_and_the_connection_stays_usable()
      throws Exception {
    byte[] notTar = "this is not a tar archive\n".repeat(20).getBytes(StandardCharsets.UTF_8);
    byte[] more = new byte[64 * 1024];
    Arrays.fill(more, (byte) 'x');
    try (RawConnection connection = new RawConnection(NODE.port())) {
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        try {
          connection.startLoad();
          connection.chunk(notTar);
          for (int i = 0; i < 512; i++) {
            connection.chunk(more);
          }
          connection.lastChunk();
        } catch (Exception e) {
          throw new IllegalStateException("sending the body failed: " + e, e);
        }
      });
      Response answer = connection.read();
      sent.get(60, TimeUnit.SECONDS);
      expectStream(answer, "{\"errorDetail\":{\"message\":\"archive/tar: invalid tar header\"},"
          + "\"error\":\"archive/tar: invalid tar header\"}\n");
      connection.get("/_ping");
      assertThat(connection.read().text()).isEqualTo("OK");
    }
  }

  /**
   * The workload that saw resets, in small: clients on keep-alive connections, each load's last
   * chunk written on its own as Python's {@code http.client} does, every answer read and the
   * connection reused.
   */
  @Test
  void concurrent_keep_alive_loads_are_all_answered() throws Exception {
    List<CompletableFuture<List<String>>> clients = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      int client = c;
      clients.add(CompletableFuture.supplyAsync(() -> loads(client, 4)));
    }
    for (int c = 0; c < clients.size(); c++) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        expected.add("{\"stream\":\"Loaded image: answer/client-" + c + ":" + i + "\\n\"}\n");
        expected.add("OK");
      }
      assertThat(clients.get(c).get(120, TimeUnit.SECONDS)).isEqualTo(expected);
    }
  }

  /** What one client read: each load's answer, then a ping's, all on one connection. */
  private static List<String> loads(int client, int count) {
    List<String> answers = new ArrayList<>();
    try (RawConnection connection = new RawConnection(NODE.port())) {
      for (int i = 0; i < count; i++) {
        String tag = "answer/client-" + client + ":" + i;
        connection.startLoad();
        connection.chunk(tarfilePadded(TestArchives.tar(
            TestArchives.image("answer-" + client + "-" + i).entries(tag))));
        connection.lastChunk();
        Response answer = connection.read();
        assertThat(answer.header("Transfer-Encoding")).isEqualTo("chunked");
        answers.add(answer.text());
        connection.get("/_ping");
        answers.add(connection.read().text());
      }
    } catch (Exception e) {
      throw new IllegalStateException("client " + client + " after " + answers + ": " + e, e);
    }
    return answers;
  }

  /** A 200 JSON message stream, chunked as dockerd sends it, with exactly this body. */
  private static void expectStream(Response answer, String body) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.header("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(answer.header("Connection")).isNull();
    assertThat(answer.text()).isEqualTo(body);
  }

  /** As Python's {@code tarfile} writes it: zero-padded to a whole 10 KiB record. */
  private static byte[] tarfilePadded(byte[] tar) {
    int record = 20 * 512;
    return Arrays.copyOf(tar, (tar.length + record - 1) / record * record);
  }

  private static void awaitStatus(String path, int status) {
    TestProbe<Object> probe = TestProbe.create(NODE.driver().node().system());
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + NODE.port() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
      return null;
    });
  }
}
