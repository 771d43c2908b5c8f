package io.imagesaga.image;

import io.imagesaga.image.ImageEvent.ContainerAttached;
import io.imagesaga.image.ImageEvent.ReferenceAdded;
import io.imagesaga.image.ImageEvent.Registered;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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
 * The image's conflict decision ({@link ImageDelete} to a {@link DeleteDecision}), the pure part
 * of every delete: an image with {@code tags} tags of one repository, untagged by its first
 * one (a plain untag), by its only one when a container uses it (the M5 conflict), and deleted
 * by ID (the multi-reference conflict when it has several tags).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DeleteDecisionBench {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Param({"1", "100"})
  public int tags;

  private ImageState image;
  private ImageState used;
  private NamedReference first;

  @Setup
  public void setUp() throws InvalidReferenceException {
    ImageId id = ImageId.fromConfig("bench".getBytes(StandardCharsets.UTF_8));
    ImageState state = ImageState.absent().apply(new Registered(new ImageMetadata(id,
        Optional.empty(), Optional.of(Digest.sha256(new byte[1])), T0, "linux", 10, Map.of()),
        "op-register", Optional.empty(), T0));
    first = References.parseNormalizedNamed("bench:0").withDefaultTag();
    for (int i = 0; i < tags; i++) {
      state = state.apply(new ReferenceAdded(References.parseNormalizedNamed("bench:" + i)
          .withDefaultTag(), T0));
    }
    image = state;
    used = state.apply(new ContainerAttached("c1".repeat(32), T0));
  }

  @Benchmark
  public DeleteDecision untag() {
    return ImageDelete.untag(image, first, "bench:0", false, T0);
  }

  @Benchmark
  public DeleteDecision untagUsed() {
    return ImageDelete.untag(used, first, "bench:0", false, T0);
  }

  @Benchmark
  public DeleteDecision byId() {
    return ImageDelete.byId(image, false, T0);
  }
}
