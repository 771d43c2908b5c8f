package io.imagesaga.testkit.fuzz;

import static io.imagesaga.testkit.fuzz.Mutations.pick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.reference.Digest;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.fuzz.Compression.Kind;
import io.imagesaga.testkit.fuzz.TarWriter.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@code docker load} archives: valid ones (some accepted, changing state), then each kind of
 * hostile one: names that leave the archive, links that escape, loop or fan out, compressed
 * archives and layers (bombs, truncated and corrupt streams), truncated tars, entries that
 * declare more than they hold, broken {@code manifest.json} and configs, duplicate entries, odd
 * entry types and bytes flipped at random. {@link HostileEntries} makes the entries.
 */
public final class ArchiveFuzzer {
  /** An archive and how it was made. */
  public record Archive(byte[] bytes, String recipe) {}

  /** The images valid archives carry: few, so that loads repeat and collide. */
  public static final int POOL = 6;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Names names;

  public ArchiveFuzzer(Names names) {
    this.names = names;
  }

  public Archive archive(Random random) {
    return switch (random.nextInt(17)) {
      case 0, 1 -> entries("valid", valid(random));
      case 2 -> entries("fixture image, wrong layer", fixtureImageBroken(random));
      case 3 -> entries("traversal", HostileEntries.traversal(random, valid(random)));
      case 4 -> entries("symlinks", HostileEntries.symlinks(random, valid(random)));
      case 5 -> entries("hard links", HostileEntries.hardLinks(random, valid(random)));
      case 6 -> compressed(random);
      case 7 -> HostileEntries.bomb(random, image(random));
      case 8 -> truncated(random);
      case 9 -> entries("huge declared", HostileEntries.hugeDeclared(random, valid(random)));
      case 10 -> entries("bad manifest", badManifest(random));
      case 11 -> entries("bad config", badConfig(random));
      case 12 -> entries("duplicates", HostileEntries.duplicates(random, valid(random)));
      case 13 -> entries("odd entries", HostileEntries.odd(random, valid(random)));
      case 14 -> mutated(random);
      case 15 -> entries("many entries", HostileEntries.many(random, valid(random)));
      default -> garbage(random);
    };
  }

  private static Archive entries(String kind, List<Entry> entries) {
    return new Archive(TarWriter.tar(entries), kind + " " + TarWriter.describe(entries));
  }

  /** One of the pool's images. */
  static TestArchives.Image image(Random random) {
    return TestArchives.image("fz-load-" + random.nextInt(POOL));
  }

  /** One or two pool images with their tags, as {@code docker save} writes them. */
  List<Entry> valid(Random random) {
    List<Entry> entries = new ArrayList<>();
    ArrayNode manifest = JSON.createArrayNode();
    for (int i = random.nextInt(4) == 0 ? 2 : 1; i > 0; i--) {
      TestArchives.Image image = image(random);
      entries.add(Entry.file(image.configPath(), image.config()));
      entries.add(Entry.file(image.layerPath(), image.layer()));
      manifest.add(item(image.configPath(), List.of(image.layerPath()), tags(random)));
    }
    entries.add(Entry.file("manifest.json", manifest.toString()));
    return entries;
  }

  private List<String> tags(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> List.of();
      case 1 -> List.of(names.reference(random));
      case 2 -> List.of(names.repository(random) + ":" + names.tag(random), "fz/load:x");
      default -> List.of("fz/load:" + random.nextInt(4));
    };
  }

  static ObjectNode item(String config, List<String> layers, List<String> tags) {
    ObjectNode item = JSON.createObjectNode();
    item.put("Config", config);
    tags.forEach(item.putArray("RepoTags")::add);
    layers.forEach(item.putArray("Layers")::add);
    return item;
  }

  /**
   * The fixture's {@code fz/one} image (present when the load runs) with a layer that is not
   * its diff ID: the load must fail without leaving anything behind on the present image.
   */
  private static List<Entry> fixtureImageBroken(Random random) {
    TestArchives.Image one = TestArchives.image("fz-one");
    byte[] layer = random.nextBoolean() ? TestArchives.layer("other.txt", "other\n")
        : Mutations.bytes(random, one.layer());
    return List.of(Entry.file(one.configPath(), one.config()),
        Entry.file(one.layerPath(), layer),
        Entry.file("manifest.json", JSON.createArrayNode().add(item(one.configPath(),
            List.of(one.layerPath()), List.of("fz/one:" + random.nextInt(3)))).toString()));
  }

  private Archive compressed(Random random) {
    byte[] tar = TarWriter.tar(valid(random));
    Kind kind = pick(random, Kind.values());
    byte[] bytes = random.nextInt(4) == 0 && kind == Kind.GZIP ? Compression.gzipMembers(tar)
        : Compression.compress(kind, tar);
    String how = kind + " archive";
    switch (random.nextInt(4)) {
      case 0 -> {
        bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
        how += ", cut at " + bytes.length;
      }
      case 1 -> {
        bytes = Mutations.bytes(random, bytes);
        how += ", bytes changed";
      }
      default -> { }
    }
    return new Archive(bytes, how);
  }

  private Archive truncated(Random random) {
    byte[] tar = TarWriter.tar(valid(random));
    int at = random.nextBoolean() ? random.nextInt(tar.length)
        : 512 * random.nextInt(tar.length / 512) + pick(random, 0, 1, 100, 124, 148, 156, 511);
    at = Math.min(at, tar.length);
    return new Archive(Arrays.copyOf(tar, at), "valid archive cut at " + at + " of " + tar.length);
  }

  private Archive mutated(Random random) {
    byte[] tar = TarWriter.tar(valid(random));
    byte[] bytes = tar;
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      bytes = Mutations.bytes(random, bytes);
    }
    return new Archive(bytes, "valid archive of " + tar.length + "B with bytes changed");
  }

  private static Archive garbage(Random random) {
    byte[] bytes = switch (random.nextInt(5)) {
      case 0 -> new byte[0];
      case 1 -> new byte[1024];
      case 2 -> {
        byte[] noise = new byte[random.nextInt(4096)];
        random.nextBytes(noise);
        yield noise;
      }
      case 3 -> new byte[] {0x1f, (byte) 0x8b, 0x08, 0, 1, 2, 3};
      default -> new byte[] {(byte) 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, (byte) 0xff, 0x12};
    };
    return new Archive(bytes, "garbage of " + bytes.length + "B");
  }

  private List<Entry> badManifest(Random random) {
    List<Entry> entries = new ArrayList<>(valid(random));
    Entry good = entries.remove(entries.size() - 1);
    TestArchives.Image image = image(random);
    String config = image.configPath();
    String manifest = switch (random.nextInt(8)) {
      case 0 -> pick(random, "", "null", "{}", "[]", "[null]", "[1]", "[{}]", "\"x\"", "[[]]",
          "[{\"Config\":null,\"Layers\":[null]}]", "[{\"Config\":\"manifest.json\"}]");
      case 1 -> "[{\"Config\":\"" + pick(random, "missing", "../../../etc/passwd", "/", ".",
          "blobs", "blobs/sha256/", "a\\u0000b", "x".repeat(300)) + "\"}]";
      case 2 -> withParent(random, good, image);
      case 3 -> "[{\"Config\":\"" + config + "\",\"Layers\":[\"" + image.layerPath() + "\",\""
          + image.layerPath() + "\"]}]";
      case 4 -> "[{\"Config\":\"" + image.layerPath() + "\",\"Layers\":[]}]";
      case 5 -> Mutations.jsonText(random, parse(good));
      default -> Mutations.json(random, parse(good)).toString();
    };
    entries.add(Entry.file("manifest.json", manifest));
    return entries;
  }

  /** The manifest with a {@code Parent}: absent, malformed, the image itself, or a cycle. */
  private static String withParent(Random random, Entry manifest, TestArchives.Image image) {
    JsonNode items = parse(manifest);
    String self = "sha256:" + Digest.sha256(image.config()).encoded();
    for (JsonNode item : items) {
      ((ObjectNode) item).put("Parent", pick(random, "zz", "sha256:zz", "", self,
          "sha256:" + "0".repeat(64), "sha512:" + "a".repeat(128), self.toUpperCase(),
          self.substring(7)));
    }
    return items.toString();
  }

  private static JsonNode parse(Entry manifest) {
    try {
      return JSON.readTree(manifest.content());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A config that is no JSON, lacks {@code rootfs}, names another OS or other layers. */
  private static List<Entry> badConfig(Random random) {
    TestArchives.Image image = image(random);
    String good = new String(image.config(), StandardCharsets.UTF_8);
    String config = switch (random.nextInt(6)) {
      case 0 -> pick(random, "", "not json", "null", "[]", "{}", "{\"rootfs\":null}",
          "{\"rootfs\":{\"diff_ids\":\"x\"}}", "{\"rootfs\":{\"diff_ids\":[1,null]}}");
      case 1 -> good.replace("\"linux\"", pick(random, "\"windows\"", "\"\"", "null", "1"));
      case 2 -> good.replace(image.diffId().encoded(), Names.hex(random, 64));
      case 3 -> Mutations.jsonText(random, parse(Entry.file("c", good)));
      default -> Mutations.json(random, parse(Entry.file("c", good))).toString();
    };
    byte[] bytes = config.getBytes(StandardCharsets.UTF_8);
    String path = random.nextBoolean() ? "blobs/sha256/" + Digest.sha256(bytes).encoded()
        : image.configPath();
    return List.of(Entry.file(path, bytes), Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", JSON.createArrayNode().add(item(path,
            List.of(image.layerPath()), List.of("fz/load:c"))).toString()));
  }
}
