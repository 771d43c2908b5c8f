package io.imagesaga.testkit.fuzz;

import static io.imagesaga.testkit.fuzz.Mutations.pick;

import java.util.List;
import java.util.Random;

/**
 * The vocabulary requests are made of: names that exist in the fuzz's fixture (so that some
 * requests succeed and change state), near misses, and the reference grammar's edge cases,
 * each sometimes mutated. Everything here is a pure function of the random source and of the
 * fixture's image IDs (content-addressed, the same on every run), so a seed replays.
 */
public final class Names {
  /** Tags the fixture loads ({@code FuzzFixture}); the sample chain and two test images. */
  public static final List<String> TAGS = List.of("sample/base:latest", "sample/app:1",
      "sample/app:2", "fz/one:1", "fz/one:2");
  /** Containers the fixture creates; {@code fz-run} is started. */
  public static final List<String> CONTAINERS = List.of("fz-c1", "fz-run");
  private static final List<String> EDGES = List.of("", ":", "@", "/", "a", "A", "a:b:c",
      "sample/app:", "sample/app@", "sample/app@sha256:", "sample//app", "sample/app/",
      "-app", "app-", "a__b", "a___b", "a..b", "localhost/app", "localhost:5000/app:1",
      "docker.io/sample/app:1", "docker.io/library/busybox", "index.docker.io/sample/app:1",
      "sha256", "sha256:", "sha256:zz", "sha512:" + "a".repeat(128), "[::1]:5000/app:1",
      "app:" + "t".repeat(129), "app:-t", "app:.t", "a/" .repeat(40) + "b", "Sample/App:1",
      "sample/app:1@sha256:" + "a".repeat(64), "scratch", "none", "<none>:<none>");
  private static final List<String> TIMES = List.of("0", "1", "-1", "1700000000",
      "1700000000.5", "1700000000.123456789", "1700000000.", ".5", "2026-01-01T00:00:00Z",
      "2026-01-01T00:00:00.000000001+02:00", "2026-01-01", "2026-13-45T99:99:99Z", "10m", "-10m",
      "1h30m", "0s", "9999999999999999999", "1e10", "-9223372036854775808", "now", "", " 5",
      "5 ", "0x10", "+5");
  private static final List<String> LABELS = List.of("seed", "seed=fz-one", "from",
      "from=registry", "a=b=c", "=", "", "=x", "x=");

  private final List<String> imageIds;

  /** @param imageIds the fixture's image IDs ({@code sha256:<hex>}), in a stable order */
  public Names(List<String> imageIds) {
    this.imageIds = List.copyOf(imageIds);
  }

  /** An image reference: present, absent, or on the grammar's edge, maybe mutated. */
  public String reference(Random random) {
    String base = switch (random.nextInt(6)) {
      case 0, 1 -> pick(random, TAGS);
      case 2 -> id(random);
      case 3 -> pick(random, EDGES);
      case 4 -> pick(random, TAGS).replaceAll(":.*", "") + "@sha256:" + hex(random, 64);
      default -> "fz/new" + random.nextInt(4) + ":" + pick(random, "1", "latest", "x");
    };
    return random.nextInt(3) == 0 ? Mutations.string(random, base) : base;
  }

  /** An image ID in any of the forms a name may take: full, bare hex, a prefix, a wrong one. */
  public String id(Random random) {
    String id = imageIds.isEmpty() ? "sha256:" + hex(random, 64) : pick(random, imageIds);
    String hex = id.substring("sha256:".length());
    return switch (random.nextInt(6)) {
      case 0 -> id;
      case 1 -> hex;
      case 2 -> hex.substring(0, 1 + random.nextInt(12));
      case 3 -> "sha256:" + hex.substring(0, 1 + random.nextInt(63));
      case 4 -> "sha256:" + hex(random, 64);
      default -> hex.toUpperCase();
    };
  }

  /** A repository for a new tag: fresh ones mostly, so that tags do not pile up on few names. */
  public String repository(Random random) {
    String base = random.nextInt(4) == 0 ? pick(random, EDGES)
        : "fz/t" + random.nextInt(8);
    return random.nextInt(4) == 0 ? Mutations.string(random, base) : base;
  }

  /** A tag: plain, empty, too long, a digest, or mutated. */
  public String tag(Random random) {
    String base = pick(random, "1", "latest", "", "v1.0_rc-1", "t".repeat(128),
        "t".repeat(129), "sha256:" + hex(random, 64), "-x", ".x", "UPPER");
    return random.nextInt(4) == 0 ? Mutations.string(random, base) : base;
  }

  /** A container: a fixture name, a fresh one, a hex prefix, or mutated. */
  public String container(Random random) {
    String base = switch (random.nextInt(5)) {
      case 0, 1 -> pick(random, CONTAINERS);
      case 2 -> "/" + pick(random, CONTAINERS);
      case 3 -> hex(random, 1 + random.nextInt(64));
      default -> "fz-new" + random.nextInt(6);
    };
    return random.nextInt(3) == 0 ? Mutations.string(random, base) : base;
  }

  /** A time as the API's {@code since}, {@code until} and filters take it. */
  public String time(Random random) {
    String base = pick(random, TIMES);
    return random.nextInt(4) == 0 ? Mutations.string(random, base) : base;
  }

  /** A label filter value. */
  public String label(Random random) {
    String base = pick(random, LABELS);
    return random.nextInt(4) == 0 ? Mutations.string(random, base) : base;
  }

  /** A boolean as query strings spell them, and some they do not. */
  public static String bool(Random random) {
    return pick(random, "1", "0", "true", "false", "True", "FALSE", "", "yes", "2", "-1", "t",
        "f", " 1", "1 ");
  }

  public static String hex(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return out.toString();
  }
}
