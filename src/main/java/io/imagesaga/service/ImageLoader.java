package io.imagesaga.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.content.BlobStore;
import io.imagesaga.content.ByteBudget;
import io.imagesaga.content.ImageArchive;
import io.imagesaga.content.Layers;
import io.imagesaga.content.LoadLimits;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.service.ImageRegistration.LayerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code docker load}: unpacks the archive, checks each config's digest and each layer's diff
 * ID against its config, decompresses the layers, all within the node's {@link LoadLimits};
 * only once every image of the archive has passed are the layers staged and the images
 * registered, in manifest order (parents first, as {@code docker save} writes them) with their
 * tags. So an archive that fails a check or passes a limit stores nothing and journals nothing.
 * Runs on the blocking executor. Each registration is journaled with the provenance of the load
 * request.
 */
public final class ImageLoader {
  private static final Logger log = LoggerFactory.getLogger(ImageLoader.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageService images;
  private final BlobStore blobs;
  private final Executor blocking;
  private final LoadLimits limits;

  public ImageLoader(ImageService images, BlobStore blobs, Executor blocking,
      LoadLimits limits) {
    this.images = images;
    this.blobs = blobs;
    this.blocking = blocking;
    this.limits = limits;
  }

  /** An image of the archive that passed every check: its layers decompressed, not staged. */
  private record Verified(ImageArchive.Item item, ImageId id, List<Layers.Uncompressed> layers) {}

  /** The CLI's lines: {@code Loaded image: <tag>}, or {@code Loaded image ID: <id>}. */
  public CompletionStage<List<String>> load(InputStream tar, Provenance provenance) {
    return CompletableFuture.supplyAsync(() -> {
      Path work = null;
      ImportLeases leases = images.newImport();
      Set<ImageId> saved = new HashSet<>();
      try {
        work = blobs.newWorkDir("load");
        ByteBudget budget = limits.uncompressedBudget();
        ImageArchive archive = ImageArchive.unpack(tar, work.resolve("archive"), limits, budget);
        LoadedLayers layers = new LoadedLayers(work.resolve("layers"), budget);
        List<Verified> verified = new ArrayList<>();
        for (ImageArchive.Item item : archive.manifest()) {
          verified.add(verify(archive, item, layers));
        }
        verified.forEach(image -> saved.add(image.id()));
        // The present ones (parents of others among them) must not go while the load runs.
        saved.forEach(id -> leases.hold(id).toCompletableFuture().join());
        List<String> messages = new ArrayList<>();
        for (Verified image : verified) {
          messages.addAll(register(stage(archive, image, saved, leases), provenance));
        }
        return messages;
      } catch (JsonProcessingException e) {
        // A config or manifest.json that is no JSON: the archive's fault, in the parser's
        // words without the excerpt of the file it would append.
        throw new RejectedException(new Rejection.InvalidParameter(
            "invalid archive: " + e.getOriginalMessage()));
      } catch (IOException e) {
        // The archive's own faults are rejections already (ImageArchive); this is the node's.
        throw new UncheckedIOException(e);
      } finally {
        try {
          blobs.removeWorkDir(work);
        } finally {
          leases.end(saved).toCompletableFuture().join();
        }
      }
    }, blocking);
  }

  /**
   * Checks one image of the archive and decompresses its layers; it is to be registered under
   * the sha256 of its config, whatever the file is called (as dockerd).
   */
  private Verified verify(ImageArchive archive, ImageArchive.Item item, LoadedLayers layers)
      throws IOException {
    byte[] config = archive.config(item.config());
    List<String> diffIds = new ArrayList<>();
    JsonNode root = JSON.readTree(config);
    // moby image/image.go NewFromJSON, then load.go's image.CheckOS and layer count.
    if (root == null || !root.hasNonNull("rootfs")) {
      throw invalid("invalid image JSON, no RootFS key");
    }
    String os = root.path("os").asText("");
    if (!os.isEmpty() && !os.equalsIgnoreCase("linux")) {
      throw invalid("cannot load " + os + " image on linux");
    }
    root.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
    if (diffIds.size() != item.layers().size()) {
      throw invalid("invalid manifest, layers length mismatch: expected " + item.layers().size()
          + ", got " + diffIds.size());
    }
    checkTags(item.repoTags());
    List<Layers.Uncompressed> verified = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      Layers.Uncompressed layer = layers.of(archive.file(item.layers().get(i)));
      if (!layer.diffId().toString().equals(diffIds.get(i))) {
        throw invalid("invalid diffID for layer " + i + ": expected \"" + diffIds.get(i)
            + "\", got \"" + layer.diffId() + "\"");
      }
      verified.add(layers.own(layer)); // a file to stage for this use of it
    }
    return new Verified(item, ImageId.fromConfig(config), verified);
  }

  /**
   * Stages a verified image's layers: what to register. A {@code Parent} that is not saved in
   * the same archive is dropped, as moby's {@code validatedParentLinks} does. The config is read
   * again rather than held, so that memory does not grow with the number of images.
   */
  private ImageRegistration stage(ImageArchive archive, Verified image, Set<ImageId> saved,
      ImportLeases leases) throws IOException {
    ImageArchive.Item item = image.item();
    return new ImageRegistration(archive.config(item.config()),
        LayerSpec.stage(blobs, image.layers()), item.parent().filter(saved::contains),
        item.repoTags(), Optional.of(leases.lease()));
  }

  /**
   * Registers a verified image and announces its load; the CLI's lines for it. A tag that named
   * another image is reported before its {@code Loaded image} line (moby load.go
   * {@code setLoadedTag}).
   */
  private List<String> register(ImageRegistration image, Provenance provenance) {
    List<Optional<ImageId>> before = image.tags().stream()
        .map(tag -> images.imageTagged(tag).toCompletableFuture().join()).toList();
    ImageId id = images.register(image, provenance)
        .thenCompose(registered -> images.announce(registered, "load", registered.toString())
            .thenApply(announced -> registered))
        .toCompletableFuture().join();
    if (image.tags().isEmpty()) {
      return List.of("Loaded image ID: " + id);
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < image.tags().size(); i++) {
      String tag = familiar(image.tags().get(i));
      before.get(i).filter(old -> !old.equals(id)).ifPresent(old -> lines.add("The image " + tag
          + " already exists, renaming the old one with ID " + old + " to empty string"));
      lines.add("Loaded image: " + tag);
    }
    return lines;
  }

  /**
   * moby load.go: each RepoTag must parse and be a name:tag ({@code invalid tag "x"}). dockerd
   * checks them after creating the image; here nothing is stored when one is wrong.
   */
  private static void checkTags(List<String> tags) {
    for (String tag : tags) {
      NamedReference ref;
      try {
        ref = References.parseNormalizedNamed(tag);
      } catch (InvalidReferenceException e) {
        throw new RejectedException(new Rejection.InvalidReference(e.getMessage()));
      }
      if (!ref.isTagged()) {
        throw invalid("invalid tag \"" + tag + "\"");
      }
    }
  }

  private static String familiar(String tag) {
    try {
      return References.parseNormalizedNamed(tag).withDefaultTag().familiarString();
    } catch (InvalidReferenceException e) {
      return tag;
    }
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
