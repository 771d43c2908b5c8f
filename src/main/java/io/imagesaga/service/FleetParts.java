package io.imagesaga.service;

import io.imagesaga.Provenance;
import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletePreview;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.deletion.Deletions;
import io.imagesaga.deletion.ImagePrune;
import io.imagesaga.deletion.PruneFilters;
import io.imagesaga.deletion.PruneOnce;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A host's parts of the fleet's deletes and prunes (docs/fleet.md, "Fleet deletes"), as its
 * {@code HostAgent} runs them: each done at most once for its key, so that the fleet may ask
 * again and get the first answer, and refused or skipped for images the protected list covers.
 * Dry runs answer the same, changing nothing. Failures are {@link
 * io.imagesaga.RejectedException}s, as {@link ImageService}'s.
 */
public final class FleetParts {
  private final Deletions deletions;
  private final PruneOnce pruneOnce;
  private final DeletePreview preview;
  private final Supplier<CompletionStage<List<CatalogImage>>> images;

  FleetParts(Deletions deletions, PruneOnce pruneOnce, DeletePreview preview,
      Supplier<CompletionStage<List<CatalogImage>>> images) {
    this.deletions = deletions;
    this.pruneOnce = pruneOnce;
    this.preview = preview;
    this.images = images;
  }

  /** {@code docker rmi} at most once for {@code key}: see {@link Deletions#deleteOnce}. */
  public CompletionStage<List<DeleteRecord>> deleteOnce(String key, String name,
      DeleteOptions options, List<String> protectedPatterns, Provenance provenance) {
    return deletions.deleteOnce(key, name, options, protectedPatterns, provenance);
  }

  /** What {@link #deleteOnce} would answer now, nothing changed: see {@link DeletePreview}. */
  public CompletionStage<List<DeleteRecord>> previewDelete(
      String name, DeleteOptions options, List<String> protectedPatterns) {
    return preview.delete(name, options, Optional.empty(), protectedPatterns);
  }

  /** {@code docker image prune} at most once for {@code key}: see {@link PruneOnce}. */
  public CompletionStage<ImagePrune.Report> pruneOnce(String key, PruneFilters filters,
      List<String> protectedPatterns, Provenance provenance) {
    return pruneOnce.run(key, images, filters, protectedPatterns, provenance);
  }

  /** What a prune would delete now, nothing changed: see {@link DeletePreview#prune}. */
  public CompletionStage<ImagePrune.Report> previewPrune(
      PruneFilters filters, List<String> protectedPatterns) {
    return preview.prune(images, filters, protectedPatterns);
  }
}
