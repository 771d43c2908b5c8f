package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A caller is served only by a sync that began after it called; a failed sync fails every
 * caller it was to serve, and a later caller gets a sync of its own.
 */
class DirectorySyncTest {
  private final ExecutorService threads = Executors.newFixedThreadPool(3);
  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger syncs = new AtomicInteger();

  @AfterEach
  void stop() {
    gate.countDown();
    threads.shutdownNow();
  }

  /** The first sync waits for the gate; the second fails. */
  private final Fsync firstGatedSecondFails = new Fsync() {
    @Override
    public void file(Path file) {}

    @Override
    public void directory(Path directory) throws IOException {
      int number = syncs.incrementAndGet();
      if (number == 1) {
        try {
          gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      } else if (number == 2) {
        throw new IOException("disk gone");
      }
    }
  };

  @Test
  void a_failed_sync_fails_every_caller_it_was_to_serve() throws Exception {
    DirectorySync sync = new DirectorySync(Path.of("dir"), firstGatedSecondFails);
    Future<?> first = threads.submit(() -> call(sync));
    await(() -> syncs.get() == 1);
    List<Future<?>> later = new ArrayList<>();
    later.add(threads.submit(() -> call(sync)));
    later.add(threads.submit(() -> call(sync)));
    await(() -> sync.waiting() == 2);
    gate.countDown();

    first.get(30, TimeUnit.SECONDS);
    for (Future<?> f : later) {
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk gone");
    }
    assertThat(syncs).hasValue(2);
    sync.sync();
    assertThat(syncs).as("a caller after the failure syncs again").hasValue(3);
  }

  private static Void call(DirectorySync sync) throws IOException {
    sync.sync();
    return null;
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
      Thread.yield();
    }
  }
}
