package io.imagesaga.service;

import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.content.BlobStore;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The holds an import (a {@code docker load} or {@code pull}) has on the images it writes and
 * on their parents, from the moment it knows them until it ends: deleting them meanwhile is a
 * hard conflict. moby's own documentation of rmi names "a pull or build using the image" a hard
 * conflict that its code never checks; here it is checked. A {@code docker save} holds the images it
 * streams the same way (see {@link ImageSaver}). An import that dies without ending its leases
 * (a crash) loses them when they expire.
 */
public final class ImportLeases {
  /** Long enough for a slow upload to be verified and registered; short enough to recover. */
  public static final Duration TTL = Duration.ofMinutes(10);

  private final Entities entities;
  private final Clock clock;
  private final String holder;

  public ImportLeases(Entities entities, Clock clock) {
    this(entities, clock, "import");
  }

  /** @param kind what holds the images, the start of the holder's name: import, save */
  public ImportLeases(Entities entities, Clock clock, String kind) {
    this.entities = entities;
    this.clock = clock;
    this.holder = kind + "-" + UUID.randomUUID();
  }

  /** The lease a new image is registered with. */
  public ImageState.Lease lease() {
    return new ImageState.Lease(holder, clock.instant().plus(TTL));
  }

  /** Holds {@code image}, if it is present; an absent one has nothing to protect. */
  public CompletionStage<Confirmation> hold(ImageId image) {
    ImageState.Lease lease = lease();
    return entities.image(image,
        replyTo -> new ImageCommand.TakeLease(lease.holder(), lease.expires(), replyTo));
  }

  /**
   * Ends every lease on {@code images}: at start, before clients are served, no import is in
   * flight, so each lease is one a stopped node left behind and would only make a delete fail
   * with a conflict dockerd never reports. Returns how many were ended.
   */
  public static CompletionStage<Integer> endStale(
      Entities entities, CompletionStage<List<CatalogImage>> images) {
    return images.thenCompose(all -> {
      // A plain loop: a stream per image cost a 100k-image start half a second, interpreted.
      List<CompletableFuture<Confirmation>> ended = new ArrayList<>();
      for (CatalogImage image : all) {
        for (ImageState.Lease lease : image.leases()) {
          ended.add(entities.<Confirmation>image(image.id(),
              replyTo -> new ImageCommand.EndLease(lease.holder(), replyTo)).toCompletableFuture());
        }
      }
      return CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new))
          .thenApply(done -> ended.size());
    });
  }

  /** Ends this import's leases on {@code images}. */
  public CompletionStage<Void> end(Collection<ImageId> images) {
    return CompletableFuture.allOf(images.stream()
        .map(image -> entities.<Confirmation>image(image,
            replyTo -> new ImageCommand.EndLease(holder, replyTo)).toCompletableFuture())
        .toArray(CompletableFuture[]::new));
  }

  /**
   * An import's last act, a load's and an import's alike: its work directory removed ({@code
   * work} null when none was made), then its leases on {@code images} ended, even when the
   * removal failed; returns once both are done.
   */
  public void finish(BlobStore blobs, Path work, Collection<ImageId> images) {
    try {
      blobs.removeWorkDir(work);
    } finally {
      end(images).toCompletableFuture().join();
    }
  }
}
