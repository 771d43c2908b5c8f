package io.imagesaga.bench;

import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeleteRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code docker rmi} of the tip of a parent chain {@code depth} images deep, the rest untagged:
 * the delete prunes every parent as it walks up, as {@code docker image prune -a} would remove
 * the whole chain. Timed in-process from the request to its answer.
 */
final class ChainPrune {
  private ChainPrune() {}

  static double run(Path confDir, Path dataDir, ScratchDirs scratch, int depth) throws Exception {
    try (ServedNode served = ServedNode.start(confDir, dataDir, scratch)) {
      String tip = BenchImages.chain(served.node, depth);
      long start = System.nanoTime();
      List<DeleteRecord> records = served.node.images().delete(tip, DeleteOptions.defaults(),
          BenchImages.BENCH).toCompletableFuture().join();
      double seconds = (System.nanoTime() - start) / 1e9;
      long deleted = records.stream().filter(r -> r instanceof DeleteRecord.DeletedImage).count();
      if (deleted < depth) {
        throw new IOException("the chain's delete removed " + deleted + " of " + depth
            + " images: " + records.subList(0, Math.min(3, records.size())));
      }
      System.err.printf("bench: pruned a %,d-deep chain in %.2f s%n", depth, seconds);
      return seconds;
    }
  }
}
