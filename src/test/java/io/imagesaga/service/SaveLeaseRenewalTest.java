package io.imagesaga.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.content.BlobStore;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A save that streams longer than a lease lives renews its leases, so that its images stay
 * held to the end. The archive (128 pieces) is far longer than the stream's buffers (at most
 * 16 elements at each of its two boundaries), so it is still being written when the test's
 * clock moves.
 */
class SaveLeaseRenewalTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void a_long_save_renews_its_leases_and_ends_them_at_its_end() {
    ImageId image = load("save-renewed", "saving/renewed:1", 8 << 20);
    MovableClock clock = new MovableClock();
    Executor blocking = NODE.driver().node().system().dispatchers()
        .lookup(DispatcherSelector.blocking());
    ImageSaver saver = new ImageSaver(NODE.driver().node().images(), NODE.driver().entities(),
        new BlobStore(NODE.dataDir(), blocking), blocking, clock);
    SinkQueueWithCancel<ByteString> archive = NodeDriver.await(saver.save(
        List.of("saving/renewed:1"))).runWith(Sink.queue(), NODE.driver().node().system());
    assertThat(NodeDriver.await(archive.pull())).isPresent();
    Instant first = lease(image).expires();

    clock.advance(ImportLeases.TTL.dividedBy(2));
    long pieces = 1;
    while (lease(image).expires().equals(first)) {
      assertThat(NodeDriver.await(archive.pull())).as("the archive goes on").isPresent();
      pieces++;
    }
    assertThat(lease(image).expires()).isEqualTo(first.plus(ImportLeases.TTL.dividedBy(2)));

    while (NodeDriver.await(archive.pull()).isPresent()) {
      pieces++;
    }
    assertThat(pieces).isGreaterThan(128);
    assertThat(NODE.driver().image(image).leases()).as("ended with the stream").isEmpty();
  }

  private static ImageState.Lease lease(ImageId image) {
    List<ImageState.Lease> leases = NODE.driver().image(image).leases();
    assertThat(leases).hasSize(1);
    return leases.get(0);
  }

  private static ImageId load(String seed, String tag, int layerBytes) {
    byte[] layer = TestArchives.layer(seed + ".bin", "x".repeat(layerBytes));
    Digest diffId = Digest.sha256(layer);
    byte[] config = NodeDriver.config(seed, List.of(diffId));
    ImageId id = ImageId.fromConfig(config);
    String configPath = "blobs/sha256/" + id.hex();
    String layerPath = "blobs/sha256/" + diffId.encoded();
    byte[] tar = TestArchives.tar(List.of(Entry.file(configPath, config),
        Entry.file(layerPath, layer), Entry.file("manifest.json", TestArchives.manifest(
            configPath, List.of(layerPath), Optional.empty(), tag))));
    NodeDriver.await(NODE.driver().node().loader().load(new ByteArrayInputStream(tar),
        NodeDriver.PROVENANCE));
    return id;
  }
}
