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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

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
  /**
   * Registrations of one load under way at once: enough for a group commit to gather many
   * images' events into one synced write, few enough that a load does not flood the entities
   * every other request also needs.
   */
  static final int IN_FLIGHT = 64;

  public ImageLoader(ImageService images, BlobStore blobs, Executor blocking,
      LoadLimits limits) {
    this.images = images;
    this.blobs = blobs;
    this.blocking = blocking;
    this.limits = limits;
  }

  /** {@code docker import} on this loader's store, executor and limits: a load of one layer. */
  public ImageImporter importer() {
    return new ImageImporter(images, blobs, blocking, limits, java.time.Clock.systemUTC());
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
      holdAll(leases, held);
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
      leases.finish(blobs, work, held);
    }
  }

  /**
   * Holds each of {@code ids} that is present, up to {@link #IN_FLIGHT} asks at once: each
   * wakes an image entity, and thousands at once would outwait their timeout. Blocking.
   */
  private static void holdAll(ImportLeases leases, Set<ImageId> ids) {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<?>> held = new ArrayList<>();
    for (ImageId id : ids) {
      slots.acquireUninterruptibly();
      held.add(leases.hold(id).toCompletableFuture().whenComplete((c, f) -> slots.release()));
    }
    CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).join();
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

  /**
   * Stages and registers the planned images; the CLI's lines, in the plan's order. Up to
   * {@link #IN_FLIGHT} at once, each after its parent among them is registered, so that the
   * writes of many images reach the journal together (a group commit syncs them as one) and
   * their blobs are synced in parallel. No two of them share a tag ({@link LoadPlan}), so they
   * do not race each other for one. After a failure no more are started; the ones under way
   * end, and the first failure in the plan's order is the load's. Blocking.
   */
  private List<String> registerAll(ImageArchive archive, List<Planned> planned,
      ImportLeases leases, Provenance provenance) {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    AtomicBoolean failed = new AtomicBoolean();
    Map<ImageId, CompletableFuture<List<String>>> started = new HashMap<>();
    List<CompletableFuture<List<String>>> lines = new ArrayList<>();
    for (Planned image : planned) {
      slots.acquireUninterruptibly();
      if (failed.get()) {
        break;
      }
      CompletableFuture<?> parent = image.image().parent().map(started::get)
          .<CompletableFuture<?>>map(f -> f).orElse(CompletableFuture.completedFuture(null));
      CompletableFuture<List<String>> registered = parent
          .thenComposeAsync(ok -> register(archive, image, leases, provenance), blocking)
          .whenComplete((done, failure) -> {
            failed.compareAndSet(false, failure != null);
            slots.release();
          });
      started.put(image.image().id(), registered);
      lines.add(registered);
    }
    List<String> messages = new ArrayList<>();
    CompletableFuture.allOf(lines.toArray(CompletableFuture[]::new)).exceptionally(f -> null)
        .join();
    lines.forEach(registered -> messages.addAll(registered.join()));
    return messages;
  }

  /** Stages one planned image and registers it: its lines. On the blocking executor. */
  private CompletionStage<List<String>> register(ImageArchive archive, Planned image,
      ImportLeases leases, Provenance provenance) {
    try {
      return register(stage(archive, image, leases), image.image(), provenance);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
  private CompletionStage<List<String>> register(ImageRegistration registration,
      LoadPlan.Image image, Provenance provenance) {
    List<CompletableFuture<Optional<ImageId>>> before = registration.tags().stream()
        .map(tag -> images.imageTagged(tag).toCompletableFuture()).toList();
    return CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
        .thenCompose(read -> images.register(registration, provenance))
        .thenCompose(registered -> images.announce(registered, "load", registered.toString())
            .thenApply(announced -> lines(image, registered,
                before.stream().map(CompletableFuture::join).toList())));
  }

  private static List<String> lines(LoadPlan.Image image, ImageId id,
      List<Optional<ImageId>> before) {
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
