package io.imagesaga.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.content.BlobStore;
import io.imagesaga.content.ByteBudget;
import io.imagesaga.content.ImageArchive;
import io.imagesaga.content.Layers;
import io.imagesaga.content.LoadLimits;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.service.ImageRegistration.LayerSpec;
import io.imagesaga.service.LoadVerifier.Verified;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@code docker load}: unpacks the archive, checks every item of its manifest
 * ({@link LoadVerifier}: config digest, layers' diff IDs, tags, and each rule registration
 * applies) and plans the registrations ({@link LoadPlan}: each image once, parents first, parent
 * links checked), all within the node's {@link LoadLimits}; only then are the layers given
 * their files, staged, and the images registered with their tags. So an archive that fails a
 * check or passes a limit stores nothing and journals nothing. Runs on the blocking executor.
 * Each registration is journaled with the provenance of the load request.
 */
public final class ImageLoader {
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

  /** An image to register: its plan, and the files of its layers, one of its own per use. */
  private record Planned(LoadPlan.Image image, ImageArchive.Item item,
      List<Layers.Uncompressed> files) {}

  /** The CLI's lines: {@code Loaded image: <tag>}, or {@code Loaded image ID: <id>}. */
  public CompletionStage<List<String>> load(InputStream tar, Provenance provenance) {
    return CompletableFuture.supplyAsync(() -> loadNow(tar, provenance), blocking);
  }

  private List<String> loadNow(InputStream tar, Provenance provenance) {
    Path work = null;
    ImportLeases leases = images.newImport();
    Set<ImageId> held = new HashSet<>();
    try {
      work = blobs.newWorkDir("load");
      ByteBudget budget = limits.uncompressedBudget();
      ImageArchive archive = ImageArchive.unpack(tar, work.resolve("archive"), limits, budget);
      List<Planned> planned = plan(archive, new LoadedLayers(work.resolve("layers"), budget));
      planned.forEach(image -> held.add(image.image().id()));
      // The present ones (parents of others among them) must not go while the load runs.
      held.forEach(id -> leases.hold(id).toCompletableFuture().join());
      return registerAll(archive, planned, leases, provenance);
    } catch (JsonProcessingException e) {
      // A config or manifest.json that is no JSON: the archive's fault, in the parser's words
      // without the excerpt of the file it would append.
      throw new RejectedException(new Rejection.InvalidParameter(
          "invalid archive: " + e.getOriginalMessage()));
    } catch (CharConversionException e) {
      // JSON whose first bytes made the parser guess another encoding (UTF-16 or UTF-32) and
      // whose rest is no text in it: the archive's fault too.
      throw new RejectedException(new Rejection.InvalidParameter(
          "invalid archive: " + e.getMessage()));
    } catch (IOException e) {
      // The archive's own faults are rejections already (ImageArchive); this is the node's.
      throw new UncheckedIOException(e);
    } finally {
      try {
        blobs.removeWorkDir(work);
      } finally {
        leases.end(held).toCompletableFuture().join();
      }
    }
  }

  /**
   * Every check of every image, then the registrations to make, each use of a layer given its
   * file: all before the first registration, since a file that must be a copy (no hard link)
   * spends from the budget and may still refuse the load. Blocking.
   */
  private static List<Planned> plan(ImageArchive archive, LoadedLayers layers)
      throws IOException {
    LoadVerifier verifier = new LoadVerifier(archive, layers);
    List<Verified> verified = new ArrayList<>();
    for (ImageArchive.Item item : archive.manifest()) {
      verified.add(verifier.verify(item));
    }
    List<Planned> planned = new ArrayList<>();
    for (LoadPlan.Image image : LoadPlan.of(verified.stream().map(Verified::planned).toList())) {
      List<Layers.Uncompressed> files = new ArrayList<>();
      for (Layers.Uncompressed layer : verified.get(image.item()).layers()) {
        files.add(layers.own(layer));
      }
      planned.add(new Planned(image, verified.get(image.item()).item(), files));
    }
    return planned;
  }

  /** Stages and registers the planned images, in order; the CLI's lines. Blocking. */
  private List<String> registerAll(ImageArchive archive, List<Planned> planned,
      ImportLeases leases, Provenance provenance) throws IOException {
    List<String> messages = new ArrayList<>();
    for (Planned image : planned) {
      messages.addAll(register(stage(archive, image, leases), image.image(), provenance));
    }
    return messages;
  }

  /**
   * Stages a planned image's layers: what to register. The config is read again rather than
   * held, so that memory does not grow with the number of images.
   */
  private ImageRegistration stage(ImageArchive archive, Planned image, ImportLeases leases)
      throws IOException {
    return new ImageRegistration(archive.config(image.item().config()),
        LayerSpec.stage(blobs, image.files()), image.image().parent(),
        image.image().tags().stream().map(NamedReference::toString).toList(),
        Optional.of(leases.lease()));
  }

  /**
   * Registers a planned image and announces its load; the CLI's lines for it. A tag that named
   * another image is reported before its {@code Loaded image} line (moby load.go
   * {@code setLoadedTag}).
   */
  private List<String> register(ImageRegistration registration, LoadPlan.Image image,
      Provenance provenance) {
    List<Optional<ImageId>> before = registration.tags().stream()
        .map(tag -> images.imageTagged(tag).toCompletableFuture().join()).toList();
    ImageId id = images.register(registration, provenance)
        .thenCompose(registered -> images.announce(registered, "load", registered.toString())
            .thenApply(announced -> registered))
        .toCompletableFuture().join();
    if (image.tags().isEmpty()) {
      return List.of("Loaded image ID: " + id);
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < image.tags().size(); i++) {
      String tag = image.tags().get(i).familiarString();
      before.get(i).filter(old -> !old.equals(id)).ifPresent(old -> lines.add("The image " + tag
          + " already exists, renaming the old one with ID " + old + " to empty string"));
      lines.add("Loaded image: " + tag);
    }
    return lines;
  }
}
