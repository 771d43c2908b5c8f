package io.imagesaga.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data dirs a benchmark makes, removed when it ends: on {@link #close} (normal end or a
 * failure through try-with-resources) and, if the JVM is stopped first (Ctrl-C, SIGTERM), by
 * a shutdown hook. What writes into them (a node, a child JVM) is registered with
 * {@link #closeFirst} so the hook stops it before deleting, and no late write recreates a file
 * after the delete. With {@code keep} nothing is removed and each dir is named on stderr.
 */
public final class ScratchDirs implements AutoCloseable {
  private final Path parent;
  private final boolean keep;
  private final List<Path> dirs = new ArrayList<>();
  private final Deque<AutoCloseable> writers = new ArrayDeque<>();
  private final Thread hook = new Thread(this::onShutdown, "bench-scratch-cleanup");
  private boolean closed;

  /**
   * @param parent where the dirs are made: the system temp dir when null
   * @param keep leave them (and say where they are)
   */
  public ScratchDirs(Path parent, boolean keep) {
    this.parent = parent;
    this.keep = keep;
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * A new empty dir, removed with the others. Refused once they have been removed: a benchmark
   * whose JVM is being stopped carries on until it exits and must not leave a new dir behind.
   */
  public synchronized Path create(String prefix) throws IOException {
    refuseWhenClosed();
    Path dir;
    if (parent == null) {
      dir = Files.createTempDirectory(prefix);
    } else {
      Files.createDirectories(parent);
      dir = Files.createTempDirectory(parent, prefix);
    }
    dirs.add(dir);
    return dir;
  }

  /**
   * Closed (last registered first) before the dirs are removed by the shutdown hook. One
   * registered after that is closed at once, and the caller told to stop.
   */
  public synchronized void closeFirst(AutoCloseable writer) {
    if (closed) {
      stop(writer);
      refuseWhenClosed();
    }
    writers.push(writer);
  }

  private static void stop(AutoCloseable writer) {
    try {
      writer.close();
    } catch (Exception e) {
      System.err.println("bench: could not stop a writer before cleanup: " + e);
    }
  }

  private void refuseWhenClosed() {
    if (closed) {
      throw new IllegalStateException("the benchmark is stopping: its data dirs are removed");
    }
  }

  /** Removes {@code dir} now (unless kept): a step done with its data frees the disk. */
  public synchronized void release(Path dir) {
    if (!keep && dirs.remove(dir)) {
      delete(dir);
    }
  }

  public boolean keeps() {
    return keep;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs (or ran) and does the same.
    }
    removeAll();
  }

  /** What the shutdown hook runs; visible so a test can run it without stopping a JVM. */
  synchronized void onShutdown() {
    if (closed) {
      return;
    }
    closed = true;
    while (!writers.isEmpty()) {
      stop(writers.pop());
    }
    removeAll();
  }

  private void removeAll() {
    for (Path dir : dirs) {
      if (keep) {
        System.err.println("bench: kept " + dir);
      } else {
        try {
          delete(dir);
        } catch (UncheckedIOException e) {
          System.err.println("bench: " + e.getMessage() + ": " + e.getCause());
        }
      }
    }
    dirs.clear();
  }

  /**
   * Deletes {@code dir} and everything under it; one that is already gone is fine. A node that
   * is being stopped may still finish a file while the tree is walked: the walk is repeated a
   * few times before giving up.
   */
  static void delete(Path dir) {
    for (int attempt = 1; ; attempt++) {
      try {
        deleteOnce(dir);
        return;
      } catch (IOException e) {
        if (attempt == ATTEMPTS) {
          throw new UncheckedIOException("could not remove " + dir, e);
        }
        pause();
      }
    }
  }

  private static final int ATTEMPTS = 5;

  private static void deleteOnce(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
