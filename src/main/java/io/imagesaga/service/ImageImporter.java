package io.imagesaga.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.content.BlobStore;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code docker import} (moby's {@code ImportImage}): the body, a tar plain or compressed as
 * a loaded layer may be, becomes the one layer of a new image without parent, whose config
 * says the platform, the time, the {@code message} as comment (in its one history entry too)
 * and the {@code changes} ({@link ImportChanges}); tagged when a repository is named. The
 * layer is decompressed within the loads' {@code max-uncompressed-bytes}, staged as loads stage
 * theirs, and registered through the same journaled registration: all or nothing, with the
 * request's provenance. Runs on the blocking executor.
 */
public final class ImageImporter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageService images;
  private final BlobStore blobs;
  private final Executor blocking;
  private final LoadLimits limits;
  private final Clock clock;

  ImageImporter(ImageService images, BlobStore blobs, Executor blocking, LoadLimits limits,
      Clock clock) {
    this.images = images;
    this.blobs = blobs;
    this.blocking = blocking;
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * What the query asks: {@code repo} and {@code tag} as dockerd's {@code RepoTagReference}
   * reads them, {@code platform} as {@code os[/arch[/variant]]}, empty for linux/amd64.
   */
  public record Request(String repo, String tag, String message, List<String> changes,
      String platform) {
    public Request {
      changes = List.copyOf(changes);
    }
  }

  /** The new image's ID, once it is registered (and tagged). */
  public CompletionStage<ImageId> importImage(InputStream tar, Request request,
      Provenance provenance) {
    return CompletableFuture.supplyAsync(() -> importNow(tar, request, provenance), blocking);
  }

  private ImageId importNow(InputStream tar, Request request, Provenance provenance) {
    // Everything the query says is checked before a byte of the body is stored.
    Optional<NamedReference> name = name(request.repo(), request.tag());
    ObjectNode changes = ImportChanges.apply(request.changes());
    String[] platform = platform(request.platform());
    Path work = null;
    ImportLeases leases = images.newImport();
    List<ImageId> written = new ArrayList<>();
    try {
      work = blobs.newWorkDir("import");
      Layers.Uncompressed layer = layer(tar, work);
      byte[] config = config(layer, changes, platform,
          request.message().isEmpty() ? "Imported from -" : request.message());
      ImageRegistration registration = new ImageRegistration(config,
          LayerSpec.stage(blobs, List.of(layer)), Optional.empty(),
          name.map(NamedReference::toString).stream().toList(), Optional.of(leases.lease()));
      ImageId id = images.register(registration, provenance).toCompletableFuture().join();
      written.add(id);
      images.announce(id, "import", id.toString()).toCompletableFuture().join();
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      leases.finish(blobs, work, written);
    }
  }

  /** The body, decompressed within the loads' budget and checked as a tar: the layer. */
  private Layers.Uncompressed layer(InputStream tar, Path work) throws IOException {
    Path body = work.resolve("body");
    Files.copy(tar, body);
    Layers.Uncompressed layer = Layers.uncompress(body, work.resolve("layer"),
        limits.uncompressedBudget());
    Files.delete(body);
    checkTar(layer.file());
    return layer;
  }

  /** The image config, in the order of moby's {@code image.Image} fields. */
  private byte[] config(Layers.Uncompressed layer, ObjectNode changes, String[] platform,
      String comment) throws IOException {
    String created = clock.instant().toString();
    ObjectNode config = JSON.createObjectNode();
    config.put("comment", comment).put("created", created);
    config.set("config", changes);
    config.put("architecture", platform[1]);
    if (!platform[2].isEmpty()) {
      config.put("variant", platform[2]);
    }
    config.put("os", platform[0]);
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids")
        .add(layer.diffId().toString());
    config.putArray("history").addObject().put("created", created).put("comment", comment);
    return JSON.writeValueAsBytes(config);
  }

  /** moby's {@code RepoTagReference}: no repository, no tag; a tag defaults to latest. */
  private static Optional<NamedReference> name(String repo, String tag) {
    if (repo.isEmpty()) {
      return Optional.empty();
    }
    try {
      NamedReference ref = References.parseNormalizedNamed(repo);
      if (ref.isCanonical()) {
        throw invalid("cannot import digest reference");
      }
      return Optional.of(tag.isEmpty() ? ref.withDefaultTag()
          : NamedReference.tagged(ref.repository(), tag));
    } catch (InvalidReferenceException e) {
      throw new RejectedException(new Rejection.InvalidReference(e.getMessage()));
    }
  }

  /** {@code os/architecture/variant}; dockerd's own platform when none is asked for. */
  private static String[] platform(String platform) {
    String[] parts = (platform.isEmpty() ? "linux/amd64" : platform.toLowerCase(Locale.ROOT))
        .split("/", -1);
    if (parts.length > 3 || parts[0].isEmpty()) {
      throw invalid("\"" + platform + "\": unknown operating system or architecture");
    }
    if (!parts[0].equals("linux")) {
      throw invalid("operating system is not supported");
    }
    String arch = parts.length > 1 ? parts[1] : "amd64";
    arch = switch (arch) {
      case "x86_64", "x86-64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
    return new String[] {parts[0], arch, parts.length > 2 ? parts[2] : ""};
  }

  /** A body that is no tar is refused as Go's tar reader refuses it. */
  private static void checkTar(Path layer) throws IOException {
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(layer))) {
      while (in.getNextEntry() != null) {
        // the headers are what is checked; the contents were counted while decompressing
      }
    } catch (IOException | IllegalArgumentException e) {
      throw invalid("archive/tar: invalid tar header");
    }
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
