package io.imagesaga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker load} of a tag that already names another image moves the tag and says so, as
 * moby's {@code setLoadedTag} does (its integration test {@code TestLoadDanglingImages}).
 */
class DockerCliLoadTagTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path dir;

  @Test
  void loading_a_tag_that_names_another_image_reports_the_rename() throws Exception {
    DockerCli docker = new DockerCli(NODE.port(), dir);
    Image old = TestArchives.image("namedimage-old");
    Image current = TestArchives.image("namedimage-new");
    Path oldTar = archive("old.tar", old);
    Path currentTar = archive("new.tar", current);

    assertThat(docker.run("load", "-i", oldTar.toString()))
        .isEqualTo(new Result(0, "Loaded image: namedimage:latest\n", ""));
    assertThat(docker.run("load", "-i", currentTar.toString())).isEqualTo(new Result(0,
        "The image namedimage:latest already exists, renaming the old one with ID "
            + old.id() + " to empty string\nLoaded image: namedimage:latest\n", ""));
    // The tag already names the loaded image: nothing to rename.
    assertThat(docker.run("load", "-i", currentTar.toString()))
        .isEqualTo(new Result(0, "Loaded image: namedimage:latest\n", ""));
    assertThat(docker.run("images", "-a", "--no-trunc", "--format",
        "{{.ID}} {{.Repository}}:{{.Tag}}").stdout().lines().sorted())
        .containsExactlyElementsOf(java.util.stream.Stream.of(
            old.id() + " <none>:<none>", current.id() + " namedimage:latest").sorted().toList());
  }

  private static Path archive(String name, Image image) throws Exception {
    return Files.write(dir.resolve(name),
        TestArchives.tar(image.entries("namedimage:latest")));
  }
}
