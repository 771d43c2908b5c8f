package io.imagesaga.app;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A fleet delete or fleet prune as the agent answers it (docs/fleet.md, "Fleet deletes"): the
 * answer to {@code DELETE /imagesaga/fleet/images/{name}}, {@code POST
 * /imagesaga/fleet/images/prune} and {@code GET /imagesaga/fleet/deletes/{Id}}, as the
 * {@code fleet} commands read it. Fields they do not show (a 409's blockers) are ignored.
 *
 * @param name the name deleted; absent for a prune
 * @param finished every host answered or was reported unreachable
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record FleetDeleteAnswer(@JsonProperty("Id") String id, @JsonProperty("Name") String name,
    @JsonProperty("DryRun") boolean dryRun, @JsonProperty("Finished") boolean finished,
    @JsonProperty("Hosts") List<HostPart> hosts) {
  static final String DONE = "done";
  static final String PENDING = "pending";

  FleetDeleteAnswer {
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
  }

  boolean isPrune() {
    return name == null;
  }

  /** The hosts not asked successfully yet, in the answer's order. */
  List<String> pending() {
    return hosts.stream().filter(h -> PENDING.equals(h.status())).map(HostPart::host).toList();
  }

  /**
   * One host's part: {@code done} (its records, or its error), {@code pending} or
   * {@code unreachable}.
   *
   * @param records the host's {@code docker rmi} answer, or its prune's {@code ImagesDeleted}
   * @param reclaimed a prune's {@code SpaceReclaimed} on that host
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record HostPart(@JsonProperty("Host") String host, @JsonProperty("Status") String status,
      @JsonProperty("Records") List<DeleteRecord> records,
      @JsonProperty("Error") HostError error, @JsonProperty("Reclaimed") long reclaimed) {
    HostPart {
      records = records == null ? List.of() : List.copyOf(records);
    }
  }

  /** {@code {"Untagged": …}} or {@code {"Deleted": …}}, as dockerd answers a delete. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record DeleteRecord(@JsonProperty("Untagged") String untagged,
      @JsonProperty("Deleted") String deleted) {}

  /** A host's refusal: the status and message its own API would have answered. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record HostError(@JsonProperty("status") int status,
      @JsonProperty("message") String message) {}
}
