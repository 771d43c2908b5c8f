package io.imagesaga.api;

import static io.imagesaga.api.PullProbe.failedBeforeStream;
import static io.imagesaga.api.PullProbe.failedInStream;
import static io.imagesaga.api.PullProbe.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.HostileRegistry;
import io.imagesaga.testkit.NodeExtension;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code docker pull} from a registry that lies ({@link HostileRegistry}): every manifest, config
 * and layer fetched by digest is checked against its digest and its descriptor's size, redirects
 * keep credentials on their host only, token realms must be https or loopback, and what a
 * registry sends is bounded in size, number and time. Each lie fails the pull with dockerd's
 * message (as an error status while the manifest is resolved, as the stream's last message
 * after) and stores nothing: no image, no blob, no journal event, nothing left staged.
 */
class HostilePullTest {
  /** Short, so that the slow registry's test ends soon; every honest pull here takes far less. */
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(
      Map.of("imagesaga.registry.pull-deadline", "4s"));
  private static final PullProbe PROBE = new PullProbe(NODE);

  private HostileRegistry registry;

  @BeforeEach
  void start() throws IOException {
    registry = new HostileRegistry();
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void a_pull_by_digest_that_gets_another_manifest_fails_and_stores_nothing() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    String digest = registry.otherDigest().toString();
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/liar@" + digest, "")))
        .isEqualTo("manifest verification failed for digest " + digest);
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void an_index_entry_whose_manifest_is_not_its_digest_or_size_fails() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/index-digest", "1")))
        .isEqualTo("manifest verification failed for digest " + registry.otherDigest());
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/index-size", "1")))
        .isEqualTo("manifest verification failed for digest " + registry.manifestDigest());
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_config_that_is_not_its_digest_fails_with_dockerds_message() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedInStream(PROBE.pull(registry.host() + "/hostile/config", "1")))
        .isEqualTo("image config verification failed for digest " + registry.configDigest());
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_layer_that_is_not_its_digest_fails_and_leaves_no_blob() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedInStream(PROBE.pull(registry.host() + "/hostile/layer", "1")))
        .isEqualTo("filesystem layer verification failed for digest " + registry.layerDigest());
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_layer_longer_than_its_descriptor_is_cut_off_at_its_size() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedInStream(PROBE.pull(registry.host() + "/hostile/endless", "1")))
        .isEqualTo("filesystem layer verification failed for digest " + registry.layerDigest());
    // Socket buffers take some megabytes before the client's close reaches the server.
    assertThat(registry.endlessSent()).isLessThan(HostileRegistry.ENDLESS_CAP / 8);
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_manifest_over_the_limit_fails_and_stores_nothing() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/huge", "1")))
        .isEqualTo("registry sent more than 4194304 bytes for manifest 1"
            + " (imagesaga.registry.max-manifest-bytes)");
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_manifest_naming_more_bytes_than_a_pull_may_download_is_refused_before_any_blob()
      throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/vast", "1")))
        .isEqualTo("manifest names " + (HostileRegistry.VAST + registry.configSize())
            + " bytes of config and layers: the pull would download more than 68719476736"
            + " bytes (imagesaga.registry.max-download-bytes)");
    assertThat(registry.blobsServed()).as("blobs fetched").isZero();
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_manifest_of_more_layers_than_a_pull_may_have_is_refused_before_any_blob()
      throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/many", "1")))
        .isEqualTo("manifest has " + HostileRegistry.MANY + " layers, more than 128"
            + " (imagesaga.registry.max-layers)");
    assertThat(registry.blobsServed()).as("blobs fetched").isZero();
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void credentials_follow_a_redirect_on_their_host_and_never_to_another() throws Exception {
    HttpResponse<String> answer = PROBE.pull(registry.host() + "/hostile/redirect", "1");
    assertThat(lines(answer).get(lines(answer).size() - 1).path("status").asText())
        .as(answer.body()).isEqualTo("Status: Downloaded newer image for " + registry.host()
            + "/hostile/redirect:1");
    assertThat(registry.authorizationsElsewhere()).as("the other host's requests")
        .hasSize(2).containsOnly("");
  }

  @Test
  void redirects_past_the_limit_fail() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/loop", "1")))
        .isEqualTo("registry redirected more than 10 times for manifest 1"
            + " (imagesaga.registry.max-redirects)");
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_plain_http_token_realm_off_loopback_is_never_asked() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/realm", "1")))
        .isEqualTo("token realm http://realm.invalid/token refused: a realm must be https,"
            + " or http on a loopback address");
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_token_answer_over_the_limit_fails() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedBeforeStream(PROBE.pull(registry.host() + "/hostile/bigtoken", "1")))
        .isEqualTo("registry sent more than 1048576 bytes for token"
            + " (imagesaga.registry.max-token-bytes)");
    assertThat(PROBE.stored()).isEqualTo(before);
  }

  @Test
  void a_layer_that_trickles_forever_is_ended_by_the_pull_deadline() throws Exception {
    PullProbe.Stored before = PROBE.stored();
    assertThat(failedInStream(PROBE.pull(registry.host() + "/hostile/slow", "1")))
        .isEqualTo("pull did not finish within 4s (imagesaga.registry.pull-deadline)");
    assertThat(PROBE.stored()).isEqualTo(before);
  }
}
