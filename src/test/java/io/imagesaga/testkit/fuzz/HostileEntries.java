package io.imagesaga.testkit.fuzz;

import static io.imagesaga.testkit.fuzz.Mutations.pick;

import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.fuzz.ArchiveFuzzer.Archive;
import io.imagesaga.testkit.fuzz.Compression.Bomb;
import io.imagesaga.testkit.fuzz.Compression.Kind;
import io.imagesaga.testkit.fuzz.TarWriter.Entry;
import io.imagesaga.reference.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The hostile parts of {@link ArchiveFuzzer}'s archives, each added to (or made of) a valid
 * archive's entries. Every name meant to escape ends in {@link #ESCAPE}, so that a test can
 * look for it where an escape would land.
 */
final class HostileEntries {
  /** The file name every escaping entry aims to create. */
  static final String ESCAPE = "fz-escape";
  private static final String[] OUT = {"../" + ESCAPE, "../../" + ESCAPE,
      "/tmp/" + ESCAPE, "a/../../" + ESCAPE, "blobs/../../../" + ESCAPE, "./../" + ESCAPE,
      "../../../../../../../../tmp/" + ESCAPE};

  private HostileEntries() {}

  static List<Entry> traversal(Random random, List<Entry> valid) {
    List<Entry> entries = new ArrayList<>();
    for (Entry e : valid) {
      entries.add(random.nextInt(4) != 0 ? e : new Entry(pick(random, "../", "/", "./",
          "../../x/../", "blobs/../") + e.name(), e.type(), e.content(), e.linkName(),
          e.declaredSize(), e.pax()));
    }
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      String name = random.nextInt(5) == 0 ? pick(random, "..", "../", "/", ".", "./", "")
          : pick(random, OUT);
      entries.add(random.nextInt(entries.size() + 1), Entry.file(name, "escaped\n"));
    }
    return entries;
  }

  static List<Entry> symlinks(Random random, List<Entry> valid) {
    List<Entry> entries = new ArrayList<>(valid);
    String layer = valid.get(1).name();
    switch (random.nextInt(7)) {
      case 0 -> entries.add(Entry.symlink(pick(random, "link", ESCAPE, "blobs/l"),
          pick(random, OUT)));
      case 1 -> {
        entries.add(Entry.symlink("loop-a", "loop-b"));
        entries.add(Entry.symlink("loop-b", "loop-a"));
        entries.add(Entry.symlink("self", "self"));
        entries.add(Entry.symlink(ESCAPE, "loop-a/../../" + ESCAPE));
      }
      case 2 -> {
        Entry manifest = entries.remove(entries.size() - 1);
        entries.add(Entry.file("real.json", manifest.content()));
        entries.add(Entry.symlink("manifest.json", pick(random, "real.json", "/real.json",
            "../real.json", "/etc/passwd", "manifest.json", "blobs")));
      }
      case 3 -> {
        for (int i = 0, n = 10 + random.nextInt(300); i < n; i++) {
          entries.add(Entry.symlink("fan/" + i, "../" + layer));
        }
      }
      case 4 -> {
        entries.add(Entry.symlink("chain/0", "../" + layer));
        for (int i = 1, n = 2 + random.nextInt(40); i < n; i++) {
          entries.add(Entry.symlink("chain/" + i, String.valueOf(i - 1)));
        }
      }
      case 5 -> entries.add(Entry.symlink(pick(random, "blobs", "blobs/sha256", "d/"),
          pick(random, "/", "..", ".", "", "blobs", "/proc/self/root")));
      default -> entries.add(0, Entry.symlink(layer, pick(random, "/etc/passwd",
          "../" + ESCAPE, "/dev/zero", layer)));
    }
    return entries;
  }

  static List<Entry> hardLinks(Random random, List<Entry> valid) {
    List<Entry> entries = new ArrayList<>(valid);
    String layer = valid.get(1).name();
    String target = pick(random, "/etc/passwd", "../../etc/passwd", "manifest.json", layer,
        "missing", "", "h", "/dev/zero");
    String name = pick(random, "h", ESCAPE, "../" + ESCAPE, "manifest.json", layer);
    entries.add(random.nextInt(entries.size() + 1), Entry.hardlink(name, target));
    if (random.nextInt(3) == 0) {
      for (int i = 0, n = 10 + random.nextInt(200); i < n; i++) {
        entries.add(Entry.hardlink("fan/" + i, layer));
      }
    }
    return entries;
  }

  /** A layer of zeros that expands a thousandfold, or a whole archive that does. */
  static Archive bomb(Random random, TestArchives.Image image) {
    Kind kind = pick(random, Kind.values());
    long size = random.nextInt(8) == 0 ? 64L << 20 : pick(random, 1L << 20, 4L << 20, 16L << 20);
    if (random.nextInt(3) == 0) {
      Bomb whole = Compression.bomb(kind, "zeros", size);
      return new Archive(whole.compressed(), kind + " archive of one " + size + "B file");
    }
    Bomb layer = Compression.bomb(kind, "zeros", size);
    boolean honest = random.nextInt(3) != 0;
    List<Digest> diffIds = List.of(honest ? layer.diffId() : image.diffId());
    byte[] config = NodeDriver.config("fz-bomb-" + kind + "-" + size, diffIds);
    String configPath = "blobs/sha256/" + Digest.sha256(config).encoded();
    List<Entry> entries = List.of(Entry.file(configPath, config),
        Entry.file("layer.tar", layer.compressed()),
        Entry.file("manifest.json", "[" + ArchiveFuzzer.item(configPath, List.of("layer.tar"),
            List.of("fz/bomb:" + kind.name().toLowerCase())) + "]"));
    return new Archive(TarWriter.tar(entries), kind + " layer of " + size + "B zeros, "
        + (honest ? "its diff ID right" : "another diff ID") + " " + TarWriter.describe(entries));
  }

  static List<Entry> hugeDeclared(Random random, List<Entry> valid) {
    List<Entry> entries = new ArrayList<>(valid);
    long size = pick(random, 1L << 33, 1L << 40, 077777777777L, Long.MAX_VALUE / 2, 1L << 20);
    int at = random.nextInt(entries.size());
    Entry victim = entries.get(at);
    entries.set(at, Entry.file(victim.name(), victim.content()).declaring(size));
    return entries;
  }

  static List<Entry> duplicates(Random random, List<Entry> valid) {
    List<Entry> entries = new ArrayList<>(valid);
    Entry manifest = entries.get(entries.size() - 1);
    switch (random.nextInt(5)) {
      case 0 -> entries.add(random.nextInt(entries.size() + 1),
          Entry.file("manifest.json", pick(random, "[]", "null", "x", "[{}]")));
      case 1 -> entries.add(0, Entry.file(entries.get(0).name(), "{\"other\":1}"));
      case 2 -> {
        entries.add(Entry.file("x", "file"));
        entries.add(Entry.dir("x/"));
        entries.add(Entry.file("x/y", "below a file"));
      }
      case 3 -> entries.add(Entry.symlink("manifest.json", pick(random, "/etc/passwd",
          "../" + ESCAPE, entries.get(0).name())));
      default -> {
        entries.add(0, Entry.dir("manifest.json/"));
        entries.add(Entry.file(manifest.name(), manifest.content()));
      }
    }
    return entries;
  }

  static List<Entry> odd(Random random, List<Entry> valid) {
    List<Entry> entries = new ArrayList<>(valid);
    Entry entry = switch (random.nextInt(8)) {
      case 0 -> Entry.special(pick(random, "fifo", "manifest.json", "dev/zero"),
          (byte) (int) pick(random, (int) TarConstants.LF_FIFO, (int) TarConstants.LF_CHR,
              (int) TarConstants.LF_BLK, (int) TarConstants.LF_CONTIG, (int) 'Z', (int) 'S'));
      case 1 -> Entry.file("x".repeat(101 + random.nextInt(50)) + "\u0000" + ESCAPE, "nul");
      case 2 -> Entry.file("n".repeat(256 + random.nextInt(200)), "long component");
      case 3 -> Entry.file("d/".repeat(100 + random.nextInt(400)) + "f", "deep");
      case 4 -> Entry.file(pick(random, "back\\slash", "new\nline", "\u00e9\u4e2d",
          "tab\tname", " lead", "trail ", "a:b", "*", "-"), "odd name");
      case 5 -> Entry.file("p", "pax").withPax(Map.of(pick(random, "path", "linkpath",
          "size", "uid", "mtime", "SCHILY.xattr.x", "GNU.sparse.size", "bogus"),
          pick(random, "../" + ESCAPE, "-1", "x", "99999999999999999999", "", "/")));
      case 6 -> Entry.dir(pick(random, "blobs/sha256/" + "a".repeat(64) + "/", "./", "../",
          "/", "blobs//"));
      default -> Entry.symlink("s".repeat(101) + "\u0000", "y".repeat(101) + "\u0000z");
    };
    entries.add(random.nextInt(entries.size() + 1), entry);
    return entries;
  }

  static List<Entry> many(Random random, List<Entry> valid) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0, n = 200 + random.nextInt(1800); i < n; i++) {
      entries.add(random.nextBoolean() ? Entry.file("many/" + i, "")
          : Entry.dir("many/d" + i + "/"));
    }
    entries.addAll(random.nextInt(entries.size()), valid);
    return entries;
  }
}
