package io.imagesaga.content;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Reads a loaded archive within its {@link LoadLimits} into a map from each name, placed as
 * dockerd's chroot unpacking places it ({@code ../} cannot climb above the root, absolute names
 * start from it), to what the name holds. A file's content is written under a name of this
 * class's choosing, never the archive's: no name can leave the directory, clash with another
 * or be too long for the filesystem. A link is kept as the name it points at, never copied; one
 * that points above the root or at an absolute path is refused at once.
 */
final class ArchiveEntries {
  private static final Path CHROOT = Path.of("/");
  private static final String ZSTD = "invalid archive: zstd-compressed archives are not"
      + " supported; decompress it first (zstd -d)";

  /** What a name of the archive holds. */
  sealed interface Node {
    /** A file's content, at {@code file} in the work directory. */
    record Stored(Path file) implements Node {}

    /** A symbolic or hard link, to the name {@code target}. */
    record Link(Path target) implements Node {}
  }

  private ArchiveEntries() {}

  /** Reads {@code tar}; the files go to {@code dir}, which must be private to the caller. */
  static Map<Path, Node> read(InputStream tar, Path dir, LoadLimits limits, ByteBudget budget)
      throws IOException {
    Files.createDirectories(dir);
    Map<Path, Node> entries = new HashMap<>();
    Names names = new Names(limits);
    HeaderMeter headers = new HeaderMeter(budget.meter(Decompression.open(tar, ZSTD)),
        limits.maxHeaderBytes());
    try (TarArchiveInputStream in = new TarReader(headers)) {
      TarArchiveEntry entry;
      for (int count = 1; (entry = next(in, headers)) != null; count++) {
        if (count > limits.maxEntries()) {
          throw invalid("invalid archive: more than " + limits.maxEntries() + " entries"
              + LoadLimits.setting("max-entries"));
        }
        long nameBytes = names.measure(entry);
        Path name = name(entry.getName());
        Node node = node(in, entry, name, dir.resolve("e" + count));
        if (node != null) {
          names.keep(nameBytes);
          if (entries.put(name, node) instanceof Node.Stored replaced) {
            Files.delete(replaced.file()); // tar's rule: the last entry of a name wins
          }
        }
      }
    }
    return entries;
  }

  /**
   * What {@code entry}, named {@code name}, holds: a link, or a file whose content is copied to
   * {@code file}; null for any other type, directories included (they are implied). A sparse
   * file is refused: the tar reader would make up its holes as zeros the archive never carried,
   * past any budget, and {@code docker save} never writes one.
   */
  private static Node node(InputStream in, TarArchiveEntry entry, Path name, Path file)
      throws IOException {
    if (entry.isDirectory()) {
      return null;
    } else if (name.toString().isEmpty()) {
      throw invalid("invalid archive: " + entry.getName() + " names the archive's root");
    } else if (entry.isSparse()) {
      throw invalid("invalid archive: " + entry.getName()
          + " is a sparse file, which docker save never writes");
    }
    return entry.isSymbolicLink() ? new Node.Link(symlinkTarget(name, entry))
        : entry.isLink() ? new Node.Link(inside(Path.of(""), entry))
        : entry.isFile() ? new Node.Stored(copy(in, file, entry.getSize()))
        : null;
  }

  /**
   * A name of the archive or of its manifest, as a path relative to the archive's root (empty
   * for the root itself), resolved in a chroot as dockerd unpacks: {@code ../} stops at the
   * root, an absolute name starts from it.
   */
  static Path name(String name) {
    try {
      return CHROOT.relativize(CHROOT.resolve(name).normalize());
    } catch (InvalidPathException e) {
      throw invalid("invalid archive: a name holds a NUL byte: "
          + name.replace("\0", "\\x00"));
    }
  }

  /** A symbolic link's target is relative to the link's directory. */
  private static Path symlinkTarget(Path link, TarArchiveEntry entry) {
    return inside(link.getParent() == null ? Path.of("") : link.getParent(), entry);
  }

  /**
   * The name a link points at, resolved from {@code from} (a hard link's target is the name of
   * another entry, from the root); refused if it is absolute or climbs above the root.
   */
  private static Path inside(Path from, TarArchiveEntry entry) {
    String target = entry.getLinkName();
    Path resolved;
    try {
      resolved = Path.of(target).isAbsolute() ? null : from.resolve(target).normalize();
    } catch (InvalidPathException e) {
      resolved = null;
    }
    if (resolved == null || resolved.startsWith("..")) {
      throw invalid("invalid archive: link " + entry.getName() + " points outside the archive ("
          + target.replace("\0", "\\x00") + ")");
    }
    return resolved;
  }

  /**
   * The next entry, once the rest of the current one is read (so that only headers count
   * against the header limit); a block that is no tar header fails with Go's archive/tar text.
   */
  private static TarArchiveEntry next(TarArchiveInputStream in, HeaderMeter headers) {
    try {
      if (in.getCurrentEntry() != null) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      throw invalid("unexpected EOF");
    }
    headers.arm();
    try {
      return in.getNextEntry();
    } catch (IOException e) {
      throw invalid("archive/tar: invalid tar header");
    } finally {
      headers.disarm();
    }
  }

  /**
   * An entry's content: its {@code size} bytes, which the archive carried (and its budget
   * counted), never more. An archive that ends inside it fails as Go's reader does. Only a
   * failed read is the archive's fault: a failed write is this machine's, and stays an I/O
   * error.
   */
  private static Path copy(InputStream in, Path target, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(target)) {
      for (long left = size; left > 0; ) {
        int n;
        try {
          n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        } catch (IOException e) {
          throw invalid("unexpected EOF");
        }
        if (n < 0) {
          throw invalid("unexpected EOF");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
    return target;
  }

  static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }

  /**
   * The bytes of the names kept for the whole load, as the archive writes them (UTF-8): each
   * file or link entry's name and a link's target. None may pass
   * {@link LoadLimits#maxNameBytes} (Linux's PATH_MAX by default: dockerd could not create such
   * a name either), nor all of them {@link LoadLimits#maxTotalNameBytes}.
   */
  private static final class Names {
    private final LoadLimits limits;
    private long kept;

    Names(LoadLimits limits) {
      this.limits = limits;
    }

    /** The bytes of {@code entry}'s name and link target; refused if either is too long. */
    long measure(TarArchiveEntry entry) {
      long name = entry.getName().getBytes(StandardCharsets.UTF_8).length;
      if (name > limits.maxNameBytes()) {
        String start = entry.getName().length() > 64
            ? entry.getName().substring(0, 64) + "..." : entry.getName();
        throw invalid("invalid archive: name " + start.replace("\0", "\\x00")
            + " is longer than " + limits.maxNameBytes() + " bytes"
            + LoadLimits.setting("max-name-bytes"));
      }
      long target = entry.getLinkName().getBytes(StandardCharsets.UTF_8).length;
      if (target > limits.maxNameBytes()) {
        throw invalid("invalid archive: link " + entry.getName() + " points at a name longer"
            + " than " + limits.maxNameBytes() + " bytes" + LoadLimits.setting("max-name-bytes"));
      }
      return name + target;
    }

    /** Counts {@code bytes} of names kept; refuses once all of them pass the total. */
    void keep(long bytes) {
      if ((kept += bytes) > limits.maxTotalNameBytes()) {
        throw invalid("invalid archive: names of more than " + limits.maxTotalNameBytes()
            + " bytes in all" + LoadLimits.setting("max-total-name-bytes"));
      }
    }
  }

  /**
   * The tar reader, refusing a global PAX header (type {@code g}) as it reads its header
   * record: it would keep the records of all of them, however many, and apply them to every
   * later entry, so a few MiB of tiny records make hundreds of MiB of heap and seconds of work
   * per thousand entries. {@code docker save} never writes one (dockerd ignores them).
   */
  private static final class TarReader extends TarArchiveInputStream {
    private static final int TYPE = 156;

    TarReader(InputStream in) {
      super(in);
    }

    @Override
    protected byte[] readRecord() throws IOException {
      byte[] record = super.readRecord();
      if (record != null && record.length > TYPE
          && record[TYPE] == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER) {
        throw invalid("invalid archive: a global PAX header, which docker save never writes");
      }
      return record;
    }
  }
}
