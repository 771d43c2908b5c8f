package io.imagesaga.app;

import io.imagesaga.content.BulkArchive;
import io.imagesaga.content.SampleArchive;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imagesaga sample -o sample.tar}: a small image chain to {@code docker load}. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Write a docker save archive of a three-image parent chain,"
        + " or of many images to load.")
final class Sample implements Callable<Integer> {

  @Option(names = {"-o", "--output"}, required = true, description = "The tar file to write.")
  Path output;

  @Option(names = "--images", description = "Instead: that many independent one-layer images,"
      + " tagged " + BulkArchive.REPOSITORY + ":0, :1, ... (for load benchmarks).")
  Integer images;

  @Override
  public Integer call() throws Exception {
    if (images != null) {
      BulkArchive.write(output, images);
      System.out.println("Wrote " + output + ": " + images + " images");
      return 0;
    }
    try (OutputStream out = Files.newOutputStream(output)) {
      SampleArchive.write(out);
    }
    System.out.println("Wrote " + output + ": sample/base:latest <- sample/app:1 <- sample/app:2");
    return 0;
  }
}
