package io.imagesaga.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One row of {@code docker history}, with the Engine API's field names. */
public record HistoryStep(
    @JsonProperty("Id") String id,
    @JsonProperty("Created") long created,
    @JsonProperty("CreatedBy") String createdBy,
    @JsonProperty("Tags") List<String> tags,
    @JsonProperty("Size") long size,
    @JsonProperty("Comment") String comment) {}
