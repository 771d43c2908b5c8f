package io.imagesaga.testkit;

import io.imagesaga.Entities;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.api.Errors;
import io.imagesaga.app.Node;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.container.ContainerCommand;
import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.repository.RepositoryCommand;
import io.imagesaga.repository.RepositoryState;
import io.imagesaga.service.ContainerRequest;
import io.imagesaga.service.ImageRegistration;
import io.imagesaga.service.ImageRegistration.LayerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Drives a real node (LevelDB journal in a temp dir) synchronously, rendering every answer as
 * text: records as the CLI prints them, failures as {@code <status> <message>}.
 */
public final class NodeDriver implements AutoCloseable {
  /** Who the driver's changes are journaled as coming from. */
  public static final Provenance PROVENANCE = Provenance.node("node-driver");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final Path dataDir;
  private final Map<String, ?> overrides;
  private Node node;

  private NodeDriver(Path dataDir, Map<String, ?> overrides) throws Exception {
    this.dataDir = dataDir;
    this.overrides = overrides;
    this.node = Node.start(TestConfigs.node(dataDir, overrides));
  }

  public static NodeDriver start(Path dataDir) throws Exception {
    return new NodeDriver(dataDir, Map.of());
  }

  /** A node whose configuration has {@code overrides}, on every start. */
  public static NodeDriver start(Path dataDir, Map<String, ?> overrides) throws Exception {
    return new NodeDriver(dataDir, overrides);
  }

  /** Stops the node and starts a new one on the same data dir. */
  public void restart() throws Exception {
    restart(() -> {});
  }

  /** {@link #restart()}, running {@code whileStopped} between the stop and the start. */
  public void restart(Runnable whileStopped) throws Exception {
    node.close();
    whileStopped.run();
    node = Node.start(TestConfigs.node(dataDir, overrides));
  }

  public Node node() {
    return node;
  }

  /** A config JSON whose sha256 is the image ID; {@code seed} makes it unique. */
  /** The ID {@link #register} gives an image of {@code seed} and {@code diffIds}. */
  public static ImageId imageIdOf(String seed, List<Digest> diffIds) {
    return ImageId.fromConfig(config(seed, diffIds));
  }

  public static byte[] config(String seed, List<Digest> diffIds) {
    String ids = diffIds.stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(","));
    return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-01T00:00:00Z\","
        + "\"config\":{\"Labels\":{\"seed\":\"" + seed + "\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "]}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static Digest diffId(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }

  public ImageId register(String seed, Optional<ImageId> parent, List<Digest> diffIds,
      String... tags) {
    List<LayerSpec> layers = diffIds.stream().map(d -> new LayerSpec(d, 1000)).toList();
    return await(node.images().register(new ImageRegistration(
        config(seed, diffIds), layers, parent, List.of(tags)), PROVENANCE));
  }

  /** {@link #register} of a layerless image by an import holding {@code lease}. */
  public ImageId registerLeased(String seed, ImageState.Lease lease, String... tags) {
    return await(node.images().register(new ImageRegistration(config(seed, List.of()),
        List.of(), Optional.empty(), List.of(tags), Optional.of(lease)), PROVENANCE));
  }

  /** {@link #register}, rendered: the image ID, or the failure. */
  public String registerResult(String seed, Optional<ImageId> parent, List<Digest> diffIds,
      List<String> tags) {
    return render(() -> register(seed, parent, diffIds, tags.toArray(String[]::new)).toString());
  }

  public String rmi(String name, DeleteOptions options) {
    return render(() -> await(node.images().delete(name, options, PROVENANCE)).stream()
        .map(DeleteRecord::line).collect(Collectors.joining("\n")));
  }

  /** {@code DELETE /images/{name}?dryrun=1}: what {@link #rmi} would answer, rendered alike. */
  public String previewRmi(String name, DeleteOptions options) {
    return render(() -> await(node.images().previewDelete(name, options)).stream()
        .map(DeleteRecord::line).collect(Collectors.joining("\n")));
  }

  public String tag(String source, String target) {
    return render(() -> {
      await(node.images().tag(source, target, PROVENANCE));
      return "";
    });
  }

  public String addDigest(String reference, ImageId image) {
    return render(() -> {
      await(node.images().addDigestReference(reference, image, PROVENANCE));
      return "";
    });
  }

  public String createContainer(String id, String image) {
    return render(() -> await(node.containers().create(new ContainerRequest(id,
        Optional.of(id), image, List.of(), Map.of()), PROVENANCE)).spec().imageId().toString());
  }

  public String start(String id) {
    return render(() -> await(node.containers().start(id, PROVENANCE)).getClass().getSimpleName());
  }

  public String stop(String id) {
    return render(() -> await(node.containers().stop(id, PROVENANCE)).getClass().getSimpleName());
  }

  public String removeContainer(String id, boolean force) {
    return render(() -> await(node.containers().remove(id, force, PROVENANCE)).getClass()
        .getSimpleName());
  }

  public LayerState layer(Digest chainId) {
    return await(entities().<LayerState>layer(chainId, LayerCommand.Get::new));
  }

  public ImageState image(ImageId id) {
    return await(entities().<ImageState>image(id, ImageCommand.Get::new));
  }

  public ContainerState container(String id) {
    return await(entities().<ContainerState>container(id, ContainerCommand.Get::new));
  }

  public RepositoryState repository(String name) {
    return await(entities().<RepositoryState>repository(name, RepositoryCommand.Get::new));
  }

  public Entities entities() {
    return new Entities(node.system(), WAIT);
  }

  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String render(java.util.function.Supplier<String> call) {
    try {
      return call.get();
    } catch (RejectedException e) {
      return Errors.status(e.rejection()).intValue() + " " + e.getMessage();
    }
  }

  @Override
  public void close() {
    node.close();
  }
}
