package io.imagesaga.app;

import io.imagesaga.app.FleetDeleteAnswer.DeleteRecord;
import io.imagesaga.app.FleetDeleteAnswer.HostPart;
import io.imagesaga.audit.HumanUnits;
import io.imagesaga.audit.Table;
import io.imagesaga.fleet.FleetImages;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code fleet} commands print: tables laid out and records worded as the docker CLI
 * prints its own, each line of a fleet delete led by its host's name.
 */
final class FleetText {
  /** A line and where it goes: stdout, or stderr for what failed or has not happened. */
  record Line(boolean error, String text) {}

  private static final String NONE = "<none>";
  private static final int NOT_FOUND = 404;

  private FleetText() {}

  /** One row per image, host and tag, as the view orders them (image ID, then host). */
  static String imagesTable(FleetImages.View view) {
    Table table = new Table("IMAGE ID", "HOST", "REPOSITORY", "TAG", "CONTAINERS");
    for (FleetImages.Image image : view.images()) {
      String id = shortId(image.id());
      for (FleetImages.Holder holder : image.hosts()) {
        String containers = containers(holder.containers());
        for (String[] name : names(holder)) {
          table.row(id, holder.host(), name[0], name[1], containers);
        }
      }
    }
    return table.toString();
  }

  /** A warning for each host that did not answer: its images are missing from the table. */
  static List<String> unreachable(FleetImages.View view) {
    return view.hosts().stream().filter(h -> !"reachable".equals(h.status()))
        .map(h -> "WARNING: host " + h.host() + " is " + h.status()
            + ": its images are not listed")
        .toList();
  }

  /**
   * A fleet delete's answer, host by host: its records as {@code docker rmi} prints them (a
   * prune's as {@code docker image prune} does), its error as the docker CLI prints an error
   * answer, or that it is pending or unreachable.
   */
  static List<Line> answer(FleetDeleteAnswer answer) {
    List<Line> lines = new ArrayList<>();
    for (HostPart part : answer.hosts()) {
      String host = part.host() + ": ";
      if (!FleetDeleteAnswer.DONE.equals(part.status())) {
        lines.add(new Line(true, host + part.status()));
      } else if (part.error() != null) {
        lines.add(new Line(true, host + "Error response from daemon: "
            + part.error().message()));
      } else if (answer.isPrune()) {
        pruned(host, part).forEach(text -> lines.add(new Line(false, text)));
      } else {
        part.records().forEach(r -> lines.add(new Line(false, host + (r.deleted() != null
            ? "Deleted: " + r.deleted() : "Untagged: " + r.untagged()))));
      }
    }
    if (answer.dryRun()) {
      lines.add(new Line(true, "Dry run: nothing was deleted."));
    }
    return lines;
  }

  /** {@code docker image prune}'s report, on one host. */
  private static List<String> pruned(String host, HostPart part) {
    List<String> lines = new ArrayList<>();
    if (!part.records().isEmpty()) {
      lines.add(host + "Deleted Images:");
      for (DeleteRecord r : part.records()) {
        lines.add(host + (r.deleted() != null ? "deleted: " + r.deleted()
            : "untagged: " + r.untagged()));
      }
    }
    lines.add(host + "Total reclaimed space: " + HumanUnits.size(part.reclaimed()));
    return lines;
  }

  /**
   * Whether the command succeeded: every host done and none refused; for a delete by name, a
   * host that does not hold the name (404) is no failure, but some host must have held it.
   */
  static boolean succeeded(FleetDeleteAnswer answer) {
    boolean allDone = !answer.hosts().isEmpty() && answer.hosts().stream()
        .allMatch(h -> FleetDeleteAnswer.DONE.equals(h.status()));
    if (!allDone || answer.isPrune()) {
      return allDone && answer.hosts().stream().allMatch(h -> h.error() == null);
    }
    return answer.hosts().stream().allMatch(h -> h.error() == null
            || h.error().status() == NOT_FOUND)
        && answer.hosts().stream().anyMatch(h -> h.error() == null);
  }

  /** The progress line while a command waits for pending hosts. */
  static String waiting(FleetDeleteAnswer answer) {
    return "waiting for " + pending(answer) + " (fleet delete " + answer.id() + ")";
  }

  /** What {@code fleet status} adds about a fleet delete that has not finished. */
  static String running(FleetDeleteAnswer answer) {
    return "fleet delete " + answer.id() + " is still running; pending: " + pending(answer);
  }

  /** {@code 2 of 5 hosts: d, e}. */
  private static String pending(FleetDeleteAnswer answer) {
    List<String> pending = answer.pending();
    return pending.size() + " of " + answer.hosts().size() + " hosts" + (pending.isEmpty()
        ? "" : ": " + String.join(", ", pending));
  }

  private static String shortId(String id) {
    String hex = id.startsWith("sha256:") ? id.substring(7) : id;
    return hex.substring(0, Math.min(12, hex.length()));
  }

  /** {@code 2 (1 running)}; a bare count when none runs. */
  private static String containers(List<FleetImages.Container> containers) {
    long running = containers.stream().filter(FleetImages.Container::running).count();
    return containers.size() + (running > 0 ? " (" + running + " running)" : "");
  }

  /** Repository and tag columns, one row per tag, as {@code docker images} splits them. */
  private static List<String[]> names(FleetImages.Holder holder) {
    List<String[]> rows = new ArrayList<>();
    for (String tag : holder.repoTags()) {
      int colon = tag.lastIndexOf(':');
      rows.add(colon > tag.lastIndexOf('/') ? new String[] {tag.substring(0, colon),
          tag.substring(colon + 1)} : new String[] {tag, NONE});
    }
    if (rows.isEmpty()) {
      String repository = holder.repoDigests().isEmpty() ? NONE
          : holder.repoDigests().get(0).replaceFirst("@.*", "");
      rows.add(new String[] {repository, NONE});
    }
    return rows;
  }
}
