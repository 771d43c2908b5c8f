package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.content.ByteBudget;
import io.imagesaga.content.ImageArchive;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestConfigs;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker save} streams its archive as it writes it and holds (leases) the images it
 * saves until the stream ends: an {@code rmi} meanwhile is a hard conflict, and no temporary
 * archive exists at any point. The client holds the stream open by not reading: its socket's
 * receive buffer is small and the archive is far larger than every buffer on the way (the
 * kernel's send buffer tops out at {@code net.ipv4.tcp_wmem}'s 4 MiB), so the save is still
 * writing when the test acts.
 */
class SaveStreamTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final Path SYSTEM_TEMP = Path.of(System.getProperty("java.io.tmpdir"));
  private static final int LAYER_BYTES = 32 << 20;

  @TempDir Path dir;

  @Test
  void rmi_of_an_image_being_saved_conflicts_until_the_save_ends() throws Exception {
    ImageId image = load("save-held", "saving/held:1");
    try (Socket client = save("saving/held:1")) {
      InputStream body = chunked(client);
      assertThat(body.readNBytes(512)).hasSize(512);

      assertThat(NODE.driver().rmi("saving/held:1", DeleteOptions.defaults().withForce()))
          .isEqualTo("409 conflict: unable to delete " + image.shortId()
              + " (cannot be forced) - image is in use by a load, pull or save in progress");
      assertThat(temporaryArchives()).as("no archive is written aside").isEmpty();

      Path saved = dir.resolve("held.tar");
      try (var out = Files.newOutputStream(saved)) {
        body.transferTo(out);
      }
      assertComplete(saved, "saving/held:1");
    }
    assertThat(NODE.driver().rmi("saving/held:1", DeleteOptions.defaults()))
        .startsWith("Untagged: saving/held:1\nDeleted: " + image);
    assertThat(NodeDriver.await(NODE.driver().node().loader().load(
        Files.newInputStream(dir.resolve("held.tar")), NodeDriver.PROVENANCE)))
        .containsExactly("Loaded image: saving/held:1");
  }

  @Test
  void a_save_the_client_abandons_ends_its_hold_and_leaves_nothing() throws Exception {
    ImageId image = load("save-abandoned", "saving/abandoned:1");
    try (Socket client = save("saving/abandoned:1")) {
      assertThat(chunked(client).readNBytes(512)).hasSize(512);
      assertThat(NODE.driver().image(image).leases()).hasSize(1);
      assertThat(temporaryArchives()).as("no archive is written aside").isEmpty();
    }
    awaitUnleased(image);
    assertThat(temporaryArchives()).isEmpty();
    assertThat(NODE.driver().rmi("saving/abandoned:1", DeleteOptions.defaults()))
        .startsWith("Untagged: saving/abandoned:1\nDeleted: " + image);
  }

  /** Loads a one-layer image whose layer is {@link #LAYER_BYTES} long. */
  private static ImageId load(String seed, String tag) {
    byte[] layer = TestArchives.layer(seed + ".bin", "x".repeat(LAYER_BYTES));
    Digest diffId = Digest.sha256(layer);
    byte[] config = NodeDriver.config(seed, List.of(diffId));
    ImageId id = ImageId.fromConfig(config);
    String configPath = "blobs/sha256/" + id.hex();
    String layerPath = "blobs/sha256/" + diffId.encoded();
    byte[] tar = TestArchives.tar(List.of(TestArchives.Entry.file(configPath, config),
        TestArchives.Entry.file(layerPath, layer),
        TestArchives.Entry.file("manifest.json", TestArchives.manifest(configPath,
            List.of(layerPath), Optional.empty(), tag))));
    assertThat(NodeDriver.await(NODE.driver().node().loader().load(
        new ByteArrayInputStream(tar), NodeDriver.PROVENANCE))).containsExactly(
            "Loaded image: " + tag);
    return id;
  }

  /** {@code GET /images/get} on a socket with a small receive buffer; the body unread. */
  private static Socket save(String name) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(8 * 1024);
    socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    socket.connect(new InetSocketAddress("127.0.0.1", NODE.port()));
    socket.getOutputStream().write(("GET /v1.47/images/get?names=" + name + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /** The response's body, de-chunked, after checking its status and headers. */
  private static InputStream chunked(Socket socket) throws IOException {
    InputStream in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
    String status = line(in);
    assertThat(status).isEqualTo("HTTP/1.1 200 OK");
    String header;
    boolean isChunked = false;
    while (!(header = line(in)).isEmpty()) {
      isChunked |= header.equalsIgnoreCase("Transfer-Encoding: chunked");
    }
    assertThat(isChunked).as("a chunked body").isTrue();
    return new Dechunked(in);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed inside a line");
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII).stripTrailing();
  }

  /** HTTP/1.1 chunked transfer coding, read to its last chunk. */
  private static final class Dechunked extends InputStream {
    private final InputStream in;
    private long left;
    private boolean ended;

    Dechunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left == 0 && !ended) {
        left = Long.parseLong(line(in).split(";")[0].trim(), 16);
        ended = left == 0;
      }
      if (ended) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n < 0) {
        throw new IOException("connection closed inside a chunk");
      }
      left -= n;
      if (left == 0) {
        line(in);
      }
      return n;
    }
  }

  private static void assertComplete(Path saved, String tag) throws IOException {
    Path unpacked = Files.createTempDirectory(saved.getParent(), "unpacked");
    ImageArchive archive;
    try (InputStream in = Files.newInputStream(saved)) {
      archive = ImageArchive.unpack(in, unpacked, TestConfigs.loadLimits(),
          ByteBudget.unlimited());
    }
    ImageArchive.Item item = archive.manifest().get(0);
    assertThat(item.repoTags()).containsExactly(tag);
    assertThat(Files.size(archive.file(item.layers().get(0)))).isGreaterThan(LAYER_BYTES);
  }

  /** Waits until the abandoned save's stream has been torn down and its lease ended. */
  private static void awaitUnleased(ImageId image) {
    TestProbe.create(NODE.driver().node().system()).awaitAssert(Duration.ofSeconds(30), () -> {
      assertThat(NODE.driver().image(image).leases()).as("the save's lease ends").isEmpty();
      return null;
    });
  }

  /** Archives a save wrote aside: in the system's temp dir, or in the data dir's. */
  private static Set<String> temporaryArchives() throws IOException {
    Set<String> found;
    try (Stream<Path> files = Files.list(SYSTEM_TEMP)) {
      found = files.map(f -> f.getFileName().toString())
          .filter(name -> name.startsWith("imagesaga-save")).collect(Collectors.toSet());
    }
    Path staging = NODE.dataDir().resolve("tmp");
    if (Files.isDirectory(staging)) {
      try (Stream<Path> files = Files.walk(staging)) {
        files.filter(Files::isRegularFile).forEach(f -> found.add(f.toString()));
      }
    }
    return found;
  }
}
