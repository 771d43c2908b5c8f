package io.imagesaga.crash;

import io.imagesaga.crash.OpRecord.Kind;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.testkit.EngineClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Random Engine API operations on a {@link World}, each recorded in the history before it is
 * sent (so that an op the node never answered is known) and completed with its answer.
 */
final class Workload {
  private static final String API = "/v1.47";
  private static final String DANGLING = "{\"dangling\":{\"true\":true}}";
  private static final String ALL = "{\"dangling\":{\"false\":true}}";

  private final World world;
  private final Map<Kind, Double> weights;
  private final Queue<OpRecord> history = new ConcurrentLinkedQueue<>();
  private final AtomicInteger seq = new AtomicInteger();
  final long epoch = System.nanoTime();
  private volatile EngineClient client;
  private volatile int round;

  private final double childLoads;

  /**
   * @param childLoads the share of loads that add a child to an existing image; the others
   *     load a new chain
   */
  Workload(World world, Map<Kind, Double> weights, double childLoads) {
    this.world = world;
    this.weights = new EnumMap<>(weights);
    this.childLoads = childLoads;
  }

  void connect(EngineClient client, int round) {
    this.client = client;
    this.round = round;
  }

  World world() {
    return world;
  }

  List<OpRecord> history() {
    return new ArrayList<>(history);
  }

  /** A generator for one client: {@code new Random(seed + n)} would start alike for all n. */
  static Random random(long seed, long stream) {
    return new Random(new java.util.SplittableRandom(seed ^ stream * 0x9E3779B97F4A7C15L)
        .nextLong());
  }

  /** One operation of a kind drawn by the weights. */
  OpRecord random(Random rng, int thread) throws InterruptedException {
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    double pick = rng.nextDouble() * total;
    for (Map.Entry<Kind, Double> weight : weights.entrySet()) {
      pick -= weight.getValue();
      if (pick < 0) {
        return run(weight.getKey(), rng, thread);
      }
    }
    return run(Kind.RMI_TAG, rng, thread);
  }

  OpRecord run(Kind kind, Random rng, int thread) throws InterruptedException {
    if (kind == Kind.RMI_TAG) {
      String ref = world.pickRef(rng);
      if (ref == null) {
        return run(Kind.RMI_ID, rng, thread);
      }
      boolean force = rng.nextInt(4) == 0;
      String query = query(force, rng.nextInt(7) == 0);
      return named(ref, send(thread, kind, "DELETE", API + "/images/" + ref + query, null, null,
          world.imageOfRef(World.normalize(ref)).orElse(null), null, force, null, List.of()));
    } else if (kind == Kind.RMI_ID) {
      ImageId id = world.pickImage(rng).id();
      boolean force = rng.nextInt(3) == 0;
      String name = World.idName(id, rng);
      return named(name, send(thread, kind, "DELETE", API + "/images/" + name
          + query(force, rng.nextInt(7) == 0), null, null, id, null, force, null, List.of()));
    } else if (kind == Kind.TAG) {
      TestImages.Image image = world.pickImage(rng);
      String source = world.nameFor(image, rng);
      String target = world.freshTag("t");
      world.addRef(target, image.id());
      NamedReference ref = World.parse(target);
      return named(source, send(thread, kind, "POST", API + "/images/" + source + "/tag?repo="
          + EngineClient.encode(ref.familiarName()) + "&tag=" + ref.tag(), null, null,
          image.id(), ref.toString(), false, null, List.of()));
    } else if (kind == Kind.CREATE) {
      TestImages.Image image = world.pickImage(rng);
      String name = world.freshContainerName();
      String imageName = world.nameFor(image, rng);
      byte[] body = ("{\"Image\":\"" + imageName + "\",\"Cmd\":[\"sh\"]}")
          .getBytes(StandardCharsets.UTF_8);
      return named(imageName, send(thread, kind, "POST", API + "/containers/create?name="
          + name, body, "application/json", image.id(), name, false, null, List.of()));
    } else if (kind == Kind.START || kind == Kind.STOP || kind == Kind.RM) {
      String container = world.pickContainer(rng);
      if (container == null) {
        return run(Kind.CREATE, rng, thread);
      }
      ImageId image = world.containers().get(container);
      boolean force = kind == Kind.RM && rng.nextBoolean();
      String path = kind == Kind.RM ? API + "/containers/" + container + (force ? "?force=1" : "")
          : API + "/containers/" + container + (kind == Kind.START ? "/start" : "/stop");
      return send(thread, kind, kind == Kind.RM ? "DELETE" : "POST", path, null, null, image,
          null, force, container, List.of());
    } else if (kind == Kind.PRUNE || kind == Kind.PRUNE_ALL) {
      String filters = EngineClient.encode(kind == Kind.PRUNE ? DANGLING : ALL);
      return send(thread, kind, "POST", API + "/images/prune?filters=" + filters, null, null,
          null, null, false, null, List.of());
    } else if (kind == Kind.LOAD) {
      if (rng.nextDouble() >= childLoads) {
        return load(world.newChains(1, rng), thread);
      }
      // As docker save writes it: the child with all its ancestors (untagged here, so that no
      // name comes back); an ancestor deleted meanwhile is registered again.
      TestImages.Image parent = world.pickImage(rng);
      List<TestImages.Image> chain = new ArrayList<>();
      for (TestImages.Image i = parent; i != null;
          i = i.parent().map(world::image).orElse(null)) {
        chain.add(0, i.untagged());
      }
      chain.add(world.newImage(Optional.of(parent), rng.nextInt(2)));
      return load(chain, thread);
    }
    TestImages.Image image = world.pickImage(rng);
    String name = world.nameFor(image, rng);
    return named(name, send(thread, Kind.INSPECT, "GET", API + "/images/" + name + "/json",
        null, null, image.id(), null, false, null, List.of()));
  }

  /** {@code POST /images/load} of {@code images}, parents first. */
  OpRecord load(List<TestImages.Image> images, int thread) throws InterruptedException {
    return send(thread, Kind.LOAD, "POST", API + "/images/load?quiet=1",
        TestImages.archive(images), "application/x-tar", null, null, false, null, images);
  }

  /** Creates a container on {@code image} by ID; its ID, or null if not acknowledged. */
  String create(ImageId image, int thread) throws InterruptedException {
    byte[] body = ("{\"Image\":\"" + image + "\"}").getBytes(StandardCharsets.UTF_8);
    OpRecord op = send(thread, Kind.CREATE, "POST", API + "/containers/create?name="
        + world.freshContainerName(), body, "application/json", image, null, false, null,
        List.of());
    return op.acked() ? op.createdContainer : null;
  }

  OpRecord start(String container, int thread) throws InterruptedException {
    return send(thread, Kind.START, "POST", API + "/containers/" + container + "/start", null,
        null, world.containers().get(container), null, false, container, List.of());
  }

  private static OpRecord named(String name, OpRecord op) {
    op.name = name;
    return op;
  }

  private static String query(boolean force, boolean noprune) {
    return force && noprune ? "?force=1&noprune=1" : force ? "?force=1"
        : noprune ? "?noprune=1" : "";
  }

  private OpRecord send(int thread, Kind kind, String method, String path, byte[] body,
      String contentType, ImageId image, String target, boolean force, String container,
      List<TestImages.Image> loaded) throws InterruptedException {
    OpRecord op = new OpRecord(seq.incrementAndGet(), round, thread, kind, method + " " + path,
        image, target, force, container, loaded, System.nanoTime());
    history.add(op);
    try {
      EngineClient.Answer answer = client.send(method, path, body, contentType);
      op.answer(answer.status(), answer.body(), world, System.nanoTime());
    } catch (java.net.ConnectException e) {
      op.notDelivered(e.toString(), System.nanoTime());
      return op;
    } catch (IOException e) {
      op.error = e.toString();
      return op;
    }
    if (op.acked()) {
      op.deletedImages.forEach(world::believeDeleted);
      op.untagged.forEach(world::believeUntagged);
      op.createdOn().ifPresent(id -> world.addContainer(id, image));
      if (kind == Kind.RM) {
        world.believeRemoved(container);
      }
    }
    return op;
  }
}
