package io.imagesaga.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.content.BlobStore;
import io.imagesaga.content.ImageArchive;
import io.imagesaga.content.Layers;
import io.imagesaga.reference.Digest;
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
 * ID against its config, stores the uncompressed layers content-addressed, then registers the
 * images in manifest order (parents first, as {@code docker save} writes them) with their tags.
 * Runs on the blocking executor; nothing is registered for an image whose content fails a check.
 * Each registration is journaled with the provenance of the load request.
 */
public final class ImageLoader {
  private static final Logger log = LoggerFactory.getLogger(ImageLoader.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageService images;
  private final BlobStore blobs;
  private final Executor blocking;

  public ImageLoader(ImageService images, BlobStore blobs, Executor blocking) {
    this.images = images;
    this.blobs = blobs;
    this.blocking = blocking;
  }

  /**
   * The CLI's lines: {@code Loaded image: <tag>}, or {@code Loaded image ID: <id>}. Every image
   * of the archive is checked before any is stored or its present images are leased, so that a
   * load the archive fails changes nothing and journals nothing.
   */
  public CompletionStage<List<String>> load(InputStream tar, Provenance provenance) {
    return CompletableFuture.supplyAsync(() -> {
      Path work = null;
      ImportLeases leases = images.newImport();
      Set<ImageId> leased = Set.of();
      try {
        work = blobs.newWorkDir("load");
        ImageArchive archive = ImageArchive.unpack(tar, work.resolve("archive"));
        List<ImageArchive.Item> items = archive.manifest();
        Set<ImageId> saved = new HashSet<>();
        for (ImageArchive.Item item : items) {
          saved.add(ImageId.fromConfig(Files.readAllBytes(archive.file(item.config()))));
        }
        List<Verified> verified = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          verified.add(verify(archive, items.get(i), saved, work.resolve("image-" + i)));
        }
        checkParents(verified);
        // The present ones (parents of others among them) must not go while the load runs.
        leased = saved;
        saved.forEach(id -> leases.hold(id).toCompletableFuture().join());
        List<String> messages = new ArrayList<>();
        for (Verified image : verified) {
          messages.addAll(register(image.registration(blobs, leases), provenance));
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
          leases.end(leased).toCompletableFuture().join();
        }
      }
    }, blocking);
  }

  /** An image of the archive that passed every check, its layers uncompressed, not yet staged. */
  private record Verified(byte[] config, List<Layers.Uncompressed> layers,
      Optional<ImageId> parent, List<String> tags) {
    ImageId id() {
      return ImageId.fromConfig(config);
    }

    List<Digest> chain() {
      return ChainIds.of(layers.stream().map(Layers.Uncompressed::diffId).toList());
    }

    /** Stages the layers into the blob store; what registers the image. Blocking. */
    ImageRegistration registration(BlobStore blobs, ImportLeases leases) throws IOException {
      return new ImageRegistration(config, LayerSpec.stage(blobs, layers), parent, tags,
          Optional.of(leases.lease()));
    }
  }

  /**
   * Checks one image of the archive and uncompresses its layers into {@code work}; it is to be
   * registered under the sha256 of its config, whatever the file is called (as dockerd). A
   * {@code Parent} that is not another image saved in the same archive is dropped, as moby's
   * {@code validatedParentLinks} does.
   */
  private Verified verify(ImageArchive archive, ImageArchive.Item item, Set<ImageId> saved,
      Path work) throws IOException {
    byte[] config = Files.readAllBytes(archive.file(item.config()));
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
    Files.createDirectories(work);
    List<Layers.Uncompressed> verified = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      Layers.Uncompressed layer = Layers.uncompress(archive.file(item.layers().get(i)),
          work.resolve("layer-" + i));
      if (!layer.diffId().toString().equals(diffIds.get(i))) {
        throw invalid("invalid diffID for layer " + i + ": expected \"" + diffIds.get(i)
            + "\", got \"" + layer.diffId() + "\"");
      }
      verified.add(layer);
    }
    ImageId self = ImageId.fromConfig(config);
    Optional<ImageId> parent = item.parent().filter(saved::contains)
        .filter(id -> !id.equals(self));
    ImageService.check(new ImageRegistration(config, verified.stream()
        .map(layer -> new LayerSpec(layer.diffId(), layer.size())).toList(), parent,
        item.repoTags()));
    return new Verified(config, verified, parent, item.repoTags());
  }

  /**
   * A parent (another image of the archive) must have its layers as the first of its child's,
   * as {@link ImageService#register} checks once the parent is stored: checked here first.
   */
  private static void checkParents(List<Verified> images) {
    for (Verified image : images) {
      if (image.parent().isEmpty()) {
        continue;
      }
      ImageId parent = image.parent().get();
      List<Digest> chain = images.stream().filter(other -> other.id().equals(parent))
          .findFirst().map(Verified::chain).orElse(List.of());
      if (!chain.isEmpty() && !image.chain().contains(chain.get(chain.size() - 1))) {
        throw invalid("invalid parent " + parent
            + ": its layers are not a prefix of the image's");
      }
    }
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
