package io.imagesaga.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.imagesaga.catalog.CatalogImage;
import java.util.List;
import java.util.Map;

/** The Engine API's {@code ImageSummary}, one per image (not per tag), as API 1.47 sends it. */
record ImageSummaries(
    @JsonProperty("Containers") int containers,
    @JsonProperty("Created") long created,
    @JsonProperty("Id") String id,
    @JsonProperty("Labels") @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> labels,
    @JsonProperty("ParentId") String parentId,
    @JsonProperty("RepoDigests") List<String> repoDigests,
    @JsonProperty("RepoTags") List<String> repoTags,
    @JsonProperty("SharedSize") long sharedSize,
    @JsonProperty("Size") long size) {

  ImageSummaries withReferences(List<String> digests, List<String> tags) {
    return new ImageSummaries(containers, created, id, labels, parentId, digests, tags,
        sharedSize, size);
  }

  /** Sizes shared between images and container counts are "not computed" (-1), as dockerd. */
  static ImageSummaries of(CatalogImage image) {
    return new ImageSummaries(-1, image.created().getEpochSecond(), image.id().toString(),
        image.labels().isEmpty() ? null : image.labels(),
        image.parent().map(Object::toString).orElse(""),
        ImageListing.familiar(image, true), ImageListing.familiar(image, false), -1,
        image.size());
  }
}
