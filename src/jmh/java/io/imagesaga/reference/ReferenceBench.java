package io.imagesaga.reference;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing a name as every request does ({@code docker rmi busybox}): the reference grammar,
 * normalisation to {@code docker.io/library/…} and the default tag.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReferenceBench {
  @Param({"busybox", "library/ubuntu:22.04",
      "registry.example.com:5000/team/app@sha256:"
          + "1b32c28cb38c05480eccc1bd60ff97029b57a05c96718b96dad7e9d84894f549"})
  public String name;

  @Benchmark
  public NamedReference parseNormalizedNamed() throws InvalidReferenceException {
    return References.parseNormalizedNamed(name).withDefaultTag();
  }

  @Benchmark
  public String familiarString() throws InvalidReferenceException {
    return References.parseNormalizedNamed(name).familiarString();
  }
}
