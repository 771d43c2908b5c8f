package io.imagesaga.app;

import io.imagesaga.content.SampleArchive;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imagesaga sample -o sample.tar}: a small image chain to {@code docker load}. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Write a docker save archive of a three-image parent chain.")
final class Sample implements Callable<Integer> {

  @Option(names = {"-o", "--output"}, required = true, description = "The tar file to write.")
  Path output;

  @Override
  public Integer call() throws Exception {
    try (OutputStream out = Files.newOutputStream(output)) {
      SampleArchive.write(out);
    }
    System.out.println("Wrote " + output + ": sample/base:latest <- sample/app:1 <- sample/app:2");
    return 0;
  }
}
