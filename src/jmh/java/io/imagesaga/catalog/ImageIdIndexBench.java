package io.imagesaga.catalog;

import io.imagesaga.reference.ImageId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The catalog's ID-prefix lookup ({@code docker rmi 3f2a}) over {@code images} IDs: a 12-hex
 * short ID, a 4-hex prefix (unique in a small catalog, ambiguous in a large one), and a miss.
 * Its cost must grow as log n, not n.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ImageIdIndexBench {
  @Param({"1000", "100000"})
  public int images;

  private NavigableSet<CompactId> ids;
  private List<String> shortIds;
  private int next;

  @Setup
  public void setUp() {
    ids = new TreeSet<>();
    shortIds = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      ImageId id = ImageId.fromConfig(("image-" + i).getBytes(StandardCharsets.UTF_8));
      ids.add(CompactId.of(id));
      shortIds.add(id.hex().substring(0, 12));
    }
  }

  @Benchmark
  public Optional<ImageId> shortId() {
    next = (next + 1) % shortIds.size();
    return ImageIdIndex.search(ids, shortIds.get(next));
  }

  @Benchmark
  public Optional<ImageId> fourHexPrefix() {
    next = (next + 1) % shortIds.size();
    return ImageIdIndex.search(ids, shortIds.get(next).substring(0, 4));
  }

  @Benchmark
  public Optional<ImageId> miss() {
    return ImageIdIndex.search(ids, "sha256:ffffffffffffffffffffff");
  }
}
