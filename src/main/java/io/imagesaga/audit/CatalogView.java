package io.imagesaga.audit;

import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ContainerUse;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.NamedReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code audit at}: the catalog a replay reached, as {@code docker images -a} and
 * {@code docker ps -a} would have printed it then, or as one JSON document.
 */
public final class CatalogView {
  private static final String[] IMAGES = {"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"};
  private static final String[] CONTAINERS = {"CONTAINER ID", "IMAGE", "STATUS", "NAMES"};

  private final JournalState state;
  private final Instant at;

  /** The catalog of {@code state}, described as of {@code at}. */
  public CatalogView(JournalState state, Instant at) {
    this.state = state;
    this.at = at;
  }

  /** The present images, newest first, as dockerd lists them. */
  private List<ImageState> images() {
    return state.images().values().stream().filter(ImageState::isPresent)
        .sorted(Comparator.comparing((ImageState i) -> i.metadata().created()).reversed()
            .thenComparing(i -> i.id().toString()))
        .toList();
  }

  /** {@code docker images -a}, then {@code docker ps -a} if any container existed. */
  public String table() {
    return tables(imageRows(), containerRows(), new String[0]);
  }

  /**
   * The catalogs of several hosts (by host, in the map's order) as {@link #table()} prints one,
   * with a {@code HOST} column first.
   */
  public static String table(Map<String, CatalogView> hosts) {
    List<String[]> images = new ArrayList<>();
    List<String[]> containers = new ArrayList<>();
    hosts.forEach((host, view) -> {
      view.imageRows().forEach(row -> images.add(withHost(host, row)));
      view.containerRows().forEach(row -> containers.add(withHost(host, row)));
    });
    return tables(images, containers, new String[] {"HOST"});
  }

  private static String tables(List<String[]> images, List<String[]> containers,
      String[] first) {
    Table imageTable = new Table(concat(first, IMAGES));
    images.forEach(imageTable::row);
    if (containers.isEmpty()) {
      return imageTable.toString();
    }
    Table ps = new Table(concat(first, CONTAINERS));
    containers.forEach(ps::row);
    return imageTable + "\n" + ps;
  }

  private static String[] withHost(String host, String[] row) {
    return concat(new String[] {host}, row);
  }

  private static String[] concat(String[] first, String[] row) {
    String[] all = Arrays.copyOf(first, first.length + row.length);
    System.arraycopy(row, 0, all, first.length, row.length);
    return all;
  }

  private List<String[]> imageRows() {
    List<String[]> rows = new ArrayList<>();
    for (ImageState image : images()) {
      String created = HumanUnits.duration(Duration.between(image.metadata().created(), at))
          + " ago";
      String size = HumanUnits.size(image.metadata().size());
      for (String[] name : names(image)) {
        rows.add(new String[] {name[0], name[1], image.id().shortId(), created, size});
      }
    }
    return rows;
  }

  private List<String[]> containerRows() {
    return containers().stream().map(c -> new String[] {
        c.getKey().substring(0, Math.min(12, c.getKey().length())),
        c.getValue().spec().image(), status(c.getValue()), c.getValue().spec().name()})
        .toList();
  }

  /** Repository and tag columns: one row per tag; a digest-only or dangling image gets one. */
  private static List<String[]> names(ImageState image) {
    List<String[]> rows = new ArrayList<>();
    for (NamedReference reference : image.references()) {
      if (reference.isTagged()) {
        rows.add(new String[] {reference.repository().familiarName(), reference.tag()});
      }
    }
    if (rows.isEmpty()) {
      String repository = image.references().isEmpty() ? "<none>"
          : image.references().first().repository().familiarName();
      rows.add(new String[] {repository, "<none>"});
    }
    return rows;
  }

  private List<Map.Entry<String, ContainerState>> containers() {
    return state.containers().entrySet().stream().filter(c -> c.getValue().exists())
        .sorted(Comparator.comparing((Map.Entry<String, ContainerState> c) ->
            c.getValue().spec().created()).reversed())
        .toList();
  }

  private String status(ContainerState c) {
    Duration since = Duration.between(c.changed(), at);
    return switch (c.status()) {
      case RUNNING -> "Up " + HumanUnits.duration(since);
      case EXITED -> "Exited (0) " + HumanUnits.duration(since) + " ago";
      default -> "Created";
    };
  }

  /** Everything the table shows and more (parents, children, digests), as JSON-ready maps. */
  public Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("At", at.toString());
    doc.put("Offset", state.offset());
    doc.put("Images", images().stream().map(CatalogView::image).toList());
    doc.put("Containers", containers().stream().map(c -> container(c.getKey(), c.getValue()))
        .toList());
    return doc;
  }

  private static Map<String, Object> image(ImageState image) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", image.id().toString());
    out.put("ParentId", image.metadata().parent().map(Object::toString).orElse(""));
    out.put("Created", image.metadata().created().toString());
    out.put("Size", image.metadata().size());
    out.put("RepoTags", image.references().stream().filter(r -> !r.isCanonical())
        .map(NamedReference::familiarString).toList());
    out.put("RepoDigests", image.references().stream().filter(NamedReference::isCanonical)
        .map(NamedReference::familiarString).toList());
    out.put("Children", image.children().stream().map(Object::toString).sorted().toList());
    out.put("Containers", image.containers().stream().map(ContainerUse::containerId).toList());
    return out;
  }

  private static Map<String, Object> container(String id, ContainerState c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Id", id);
    out.put("Name", c.spec().name());
    out.put("Image", c.spec().image());
    out.put("ImageID", c.spec().imageId().toString());
    out.put("State", c.status().name().toLowerCase(Locale.ROOT));
    return out;
  }
}
