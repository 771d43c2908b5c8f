package io.imagesaga.modelcheck;

import io.imagesaga.model.DockerModel;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Comparator;
import java.util.Random;

/**
 * Draws operations from a seeded {@link Random}, looking at the model for names worth using, so
 * that a seed replays the same sequence. Every name lives in the sequence's own namespace
 * ({@code s<seed>-...}), so sequences sharing one node never see each other.
 */
public final class OpGenerator {
  private final Random random;
  private final String ns;
  private final Universe universe;

  public OpGenerator(long seed, Universe universe) {
    this.random = new Random(seed);
    this.ns = "s" + seed;
    this.universe = universe;
  }

  public Op next(DockerModel model) {
    int dice = random.nextInt(100);
    if (dice < 22 || universe.images().isEmpty()) {
      return register(model);
    } else if (dice < 34) {
      return new Op.Tag(name(model), tagName());
    } else if (dice < 40 && !model.images().isEmpty()) {
      // A pull records a digest for the image it just wrote, so only for a present one.
      return new Op.AddDigest(pick(repositories()) + "@" + digest("d" + random.nextInt(4)),
          pick(present(model)));
    } else if (dice < 50) {
      String id = HexFormat.of().formatHex(bytes(32));
      universe.containers().add(id);
      return new Op.Create(id, name(model));
    } else if (dice < 60 && !universe.containers().isEmpty()) {
      String id = pick(universe.containers());
      int which = random.nextInt(3);
      return which == 0 ? new Op.Start(id) : which == 1 ? new Op.Stop(id)
          : new Op.Remove(id, random.nextBoolean());
    }
    return new Op.Rmi(name(model), random.nextInt(3) == 0, random.nextInt(4) != 0);
  }

  private Op register(DockerModel model) {
    if (!universe.registrations().isEmpty() && random.nextInt(8) == 0) {
      Op.Register again = pick(universe.registrations());
      return new Op.Register(again.seed(), again.parent(), again.diffIds(), List.of());
    }
    List<ImageId> present = present(model);
    Optional<ImageId> parent = present.isEmpty() || random.nextInt(3) == 0 ? Optional.empty()
        : Optional.of(pick(present));
    List<Digest> layers = new ArrayList<>(parent.map(universe::diffIdsOf).orElse(List.of()));
    int extra = random.nextInt(parent.isPresent() ? 3 : 4);
    for (int i = 0; i < extra; i++) {
      layers.add(digest("l" + random.nextInt(6)));
    }
    List<String> tags = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      tags.add(tagName());
    }
    Op.Register op = new Op.Register(ns + "-img" + universe.registrations().size(), parent,
        layers, tags);
    universe.registered(op, NodeDriver.config(op.seed(), layers));
    return op;
  }

  /** Something a user might type: a reference, an ID in one of its forms, or nonsense. */
  String name(DockerModel model) {
    int dice = random.nextInt(100);
    List<String> refs = universe.familiarReferences(model);
    if (dice < 45 && !refs.isEmpty()) {
      String ref = pick(refs);
      return ref.endsWith(":latest") && random.nextBoolean()
          ? ref.substring(0, ref.length() - ":latest".length()) : withTagBeforeDigest(ref);
    }
    if (dice < 80) {
      ImageId id = pick(universe.images());
      return switch (random.nextInt(4)) {
        case 0 -> id.toString();
        case 1 -> id.hex();
        case 2 -> id.shortId();
        default -> "sha256:" + id.hex().substring(0, 12);
      };
    }
    return switch (random.nextInt(4)) {
      case 0 -> ns + "-nope:1";
      case 1 -> "Bad";
      case 2 -> "";
      default -> tagName();
    };
  }

  private String withTagBeforeDigest(String ref) {
    int at = ref.indexOf('@');
    return at > 0 && random.nextInt(6) == 0 ? ref.substring(0, at) + ":1" + ref.substring(at)
        : ref;
  }

  private String tagName() {
    String repo = pick(repositories());
    int tag = random.nextInt(4);
    return tag == 3 ? repo : repo + ":" + List.of("1", "2", "latest").get(tag);
  }

  private List<String> repositories() {
    return List.of(ns + "-a", ns + "-b", "localhost:5000/" + ns + "-c");
  }

  private Digest digest(String name) {
    return Digest.sha256((ns + "-" + name).getBytes(StandardCharsets.UTF_8));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Present images in a fixed order, so that a seed always picks the same one. */
  private static List<ImageId> present(DockerModel model) {
    return model.images().keySet().stream().sorted(Comparator.comparing(ImageId::toString))
        .toList();
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
