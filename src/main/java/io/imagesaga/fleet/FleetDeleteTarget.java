package io.imagesaga.fleet;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.imagesaga.CborSerializable;
import io.imagesaga.deletion.PruneFilters;

/** What a fleet delete asks of every host: one {@code docker rmi}, or one prune. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = FleetDeleteTarget.Image.class, name = "image"),
  @JsonSubTypes.Type(value = FleetDeleteTarget.Prune.class, name = "prune")
})
public sealed interface FleetDeleteTarget extends CborSerializable {

  /** {@code DELETE /imagesaga/fleet/images/{name}?force=&noprune=}. */
  record Image(String name, boolean force, boolean noprune) implements FleetDeleteTarget {}

  /**
   * {@code POST /imagesaga/fleet/images/prune?filters=}.
   *
   * @param text the filters as the client gave them, shown back; empty for none
   */
  record Prune(String text, PruneFilters filters) implements FleetDeleteTarget {}
}
