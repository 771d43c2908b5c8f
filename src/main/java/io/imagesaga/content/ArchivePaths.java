package io.imagesaga.content;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the entries of a {@code docker save} archive land when it is unpacked as dockerd does,
 * in a chroot at the unpack directory, and the room they need there. Every refusal is the
 * archive's fault: names no file system holds (a NUL byte, a component longer than
 * {@value #NAME_MAX} bytes, a path longer than {@value #PATH_MAX}), or an entry below one that
 * is no directory.
 */
final class ArchivePaths {
  /** Linux's NAME_MAX and PATH_MAX, in bytes: what the kernel refuses past them. */
  static final int NAME_MAX = 255;
  static final int PATH_MAX = 4096;
  private static final Path CHROOT = Path.of("/");
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private ArchivePaths() {}

  /**
   * Where {@code name} lands in {@code dir}: {@code ../} cannot climb above it and absolute
   * names start from it, so nothing is ever written or read outside {@code dir}.
   */
  static Path inside(Path dir, String name) {
    Path path;
    try {
      path = dir.resolve(CHROOT.relativize(CHROOT.resolve(name).normalize()));
    } catch (InvalidPathException e) {
      throw invalid(name, "not a file name (" + e.getReason() + ")");
    }
    if (path.equals(dir)) {
      throw new RejectedException(new Rejection.InvalidParameter(
          "invalid archive: " + name + " names the archive's root"));
    }
    if (bytes(path.toString()) >= PATH_MAX) {
      throw invalid(name, "file name too long");
    }
    for (Path part : dir.relativize(path)) {
      if (bytes(part.toString()) > NAME_MAX) {
        throw invalid(name, "file name too long");
      }
    }
    return path;
  }

  /** A link's target, resolved inside the same chroot as the link at {@code link}. */
  static Path linkTarget(Path dir, Path link, String target) {
    Path linkDir = CHROOT.resolve(dir.relativize(link.getParent()).toString());
    try {
      return dir.resolve(CHROOT.relativize(linkDir.resolve(target).normalize()));
    } catch (InvalidPathException e) {
      throw invalid(target, "not a file name (" + e.getReason() + ")");
    }
  }

  /**
   * Makes room for entry {@code name} at {@code target} as moby's untar does: whatever an
   * earlier entry left there goes (os.RemoveAll) unless both are directories, and the
   * directories above it are created. An entry below one that is no directory is refused
   * (dockerd's open fails with "not a directory").
   */
  static void makeRoom(Path dir, Path target, boolean directory, String name)
      throws IOException {
    for (Path above = target.getParent(); !above.equals(dir); above = above.getParent()) {
      if (Files.exists(above, NOFOLLOW) && !Files.isDirectory(above, NOFOLLOW)) {
        throw invalid(name, "not a directory");
      }
    }
    if (!(directory && Files.isDirectory(target, NOFOLLOW))) {
      remove(target);
    }
    Files.createDirectories(directory ? target : target.getParent());
  }

  /** Deletes whatever is at {@code target}, with everything under it. */
  static void remove(Path target) throws IOException {
    if (!Files.exists(target, NOFOLLOW)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(target)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** {@code invalid archive: "<name>": <why>}, a long name cut. */
  static RejectedException invalid(String name, String why) {
    String shown = name.length() > 120 ? name.substring(0, 120) + "..." : name;
    return new RejectedException(new Rejection.InvalidParameter("invalid archive: \""
        + shown.replace("\u0000", "\\x00") + "\": " + why));
  }
}
