package io.imagesaga.cli;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestArchives.Image;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile input through the stock docker CLI: what it prints, its exit code, and
 * that nothing stored changed. Texts the CLI produces itself (flag parsing, client-side
 * reference checks) are the real CLI's; the daemon's texts are dockerd 28's, printed as
 * {@code Error response from daemon: <message>} (spec 1.3).
 */
class DockerCliHostileInputTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path dir;
  static final String LOWERCASE = "invalid reference format: repository name must be lowercase";
  static ImageId app;

  @BeforeAll
  static void fixture() throws Exception {
    app = NODE.driver().register("hostile-app", Optional.empty(),
        List.of(diffId("hostile-app-l1")), "hostile/app:1", "hostile/app:2");
    NODE.driver().register("hostile-dangling", Optional.empty(),
        List.of(diffId("hostile-dangling-l1")));
    Path sample = dir.resolve("sample.tar");
    try (OutputStream out = Files.newOutputStream(sample)) {
      SampleArchive.write(out);
    }
    assertThat(docker().run("load", "-i", sample.toString()).exit()).isZero();
    assertThat(docker().run("create", "--name", "hostile-c", "hostile/app:1").exit()).isZero();
  }

  @Test
  void load_of_escaping_entries_fails_and_writes_nothing_outside() throws Exception {
    String escape = "imagesaga-cli-escape-" + UUID.randomUUID();
    Path tar = write("escaping.tar", TestArchives.tar(List.of(
        Entry.file("../../" + escape, "escaped\n"),
        Entry.file("../../../../../../../../tmp/" + escape + "-deep", "escaped\n"),
        Entry.file("/tmp/" + escape + "-absolute", "escaped\n"),
        Entry.symlink("manifest.json", "../../../../../../../../etc/hostname"))));
    String before = state();
    Result load = docker().run("load", "-i", tar.toString());
    assertThat(load.exit()).isEqualTo(1);
    assertThat(load.stdout()).isEmpty();
    assertThat(load.stderr()).isNotBlank();
    assertNothingEscaped(escape);
    assertThat(state()).isEqualTo(before);
  }

  /**
   * dockerd unpacks a load in a chroot of its temporary directory: {@code ../} names stay
   * inside it, and the image of an otherwise good archive loads.
   */
  @Test
  void load_of_a_good_archive_with_a_traversal_entry_loads_it_and_writes_nothing_outside()
      throws Exception {
    String escape = "imagesaga-cli-escape-" + UUID.randomUUID();
    Image image = TestArchives.image("hostile-cli-traversal");
    Path tar = write("traversal.tar", TestArchives.tar(TestArchives.with(
        image.entries("hostile/traversal:1"), Entry.file("../../" + escape, "escaped\n"))));
    Result load = docker().run("load", "-i", tar.toString());
    assertNothingEscaped(escape);
    assertThat(load).isEqualTo(new Result(0, "Loaded image: hostile/traversal:1\n", ""));
  }

  @Test
  void load_of_a_symlink_out_of_the_archive_never_reads_the_host_file() throws Exception {
    Image image = TestArchives.image("hostile-cli-symlink");
    Path tar = write("symlink.tar", TestArchives.tar(List.of(
        Entry.symlink(image.configPath(), "/etc/hostname"),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of(image.layerPath()), Optional.empty(), "hostile/symlink:1")))));
    String before = state();
    Result load = docker().run("load", "-i", tar.toString());
    assertThat(load.exit()).isEqualTo(1);
    assertThat(load.stdout()).isEmpty();
    assertThat(load.stderr()).isNotBlank();
    assertThat(state()).isEqualTo(before);
  }

  /** The in-stream error is printed on stderr as it is; moby load.go validateManifest. */
  @Test
  void load_of_a_null_manifest_prints_dockerds_error() throws Exception {
    Image image = TestArchives.image("hostile-cli-null");
    Path tar = write("null.tar", TestArchives.tar(List.of(
        Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()), Entry.file("manifest.json", "null"))));
    String before = state();
    assertThat(docker().run("load", "-i", tar.toString())).isEqualTo(new Result(1, "",
        "invalid manifest, manifest cannot be null (but can be [])\n"));
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void rmi_of_invalid_references_fails_even_with_force() throws Exception {
    String before = state();
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(docker().run("rmi", "Hostile/app:1")).isEqualTo(new Result(1, "",
        "Error response from daemon: " + LOWERCASE + "\n"));
    // A 400 is not "not found": -f does not forgive it (docker/cli image/remove.go).
    softly.assertThat(docker().run("rmi", "-f", "hostile/app:-1")).isEqualTo(new Result(1, "",
        "Error response from daemon: invalid reference format\n"));
    // `docker rmi ''` sends DELETE /images (spec 2.2).
    softly.assertThat(docker().run("rmi", "")).isEqualTo(new Result(1, "",
        "Error response from daemon: page not found\n"));
    softly.assertThat(docker().run("rmi", "-f", "nosuch")).isEqualTo(new Result(0, "",
        "Error response from daemon: No such image: nosuch:latest\n"));
    softly.assertThat(state()).isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void tag_with_invalid_references_fails_and_tags_nothing() throws Exception {
    String before = state();
    SoftAssertions softly = new SoftAssertions();
    // The CLI checks both references itself and sends nothing (spec 2.3).
    softly.assertThat(docker().run("tag", "hostile/app:1", "Bad:Name")).isEqualTo(new Result(1,
        "", "Error parsing reference: \"Bad:Name\" is not a valid repository/tag: invalid"
            + " reference format: repository name (library/Bad) must be lowercase\n"));
    // The daemon refuses a repository named after the digest algorithm.
    softly.assertThat(docker().run("tag", "hostile/app:1", "sha256:abc")).isEqualTo(new Result(1,
        "", "Error response from daemon: refusing to create an ambiguous tag using digest"
            + " algorithm as name\n"));
    softly.assertThat(docker().run("tag", "nosuch:1", "hostile/x:1")).isEqualTo(new Result(1,
        "", "Error response from daemon: No such image: nosuch:1\n"));
    softly.assertThat(state()).isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void image_inspect_of_invalid_references_fails() throws Exception {
    SoftAssertions softly = new SoftAssertions();
    Result bad = docker().run("image", "inspect", "Hostile/app:1");
    softly.assertThat(bad.exit()).isEqualTo(1);
    softly.assertThat(bad.stderr()).isEqualTo("Error response from daemon: " + LOWERCASE + "\n");
    Result format = docker().run("image", "inspect", "hostile/app@sha256:abc");
    softly.assertThat(format.exit()).isEqualTo(1);
    softly.assertThat(format.stderr())
        .isEqualTo("Error response from daemon: invalid reference format\n");
    Result missing = docker().run("image", "inspect", "nosuch");
    softly.assertThat(missing.exit()).isEqualTo(1);
    softly.assertThat(missing.stdout()).isEqualTo("[]\n");
    softly.assertThat(missing.stderr())
        .isEqualTo("Error response from daemon: No such image: nosuch:latest\n");
    softly.assertAll();
  }

  @Test
  void images_with_bad_filters_fail_with_dockerds_texts() throws Exception {
    SoftAssertions softly = new SoftAssertions();
    expectDaemonError(softly, "invalid filter 'colour'", "images", "--filter", "colour=blue");
    expectDaemonError(softly, "invalid filter 'dangling=[maybe]'", "images", "--filter",
        "dangling=maybe");
    expectDaemonError(softly, "No such image: nosuch:latest", "images", "--filter",
        "before=nosuch");
    expectDaemonError(softly, LOWERCASE, "images", "--filter", "since=Hostile/app:1");
    // moby image_list.go: path.Match's ErrBadPattern, untyped.
    expectDaemonError(softly, "syntax error in pattern", "images", "--filter", "reference=[");
    expectDaemonError(softly, "invalid filter 'colour'", "ps", "-a", "--filter", "colour=blue");
    Result noEquals = docker().run("images", "--filter", "dangling");
    softly.assertThat(noEquals.exit()).isEqualTo(125);
    softly.assertThat(noEquals.stderr()).startsWith("invalid argument \"dangling\" for \"-f,"
        + " --filter\" flag: bad format of filter (expected name=value)\n");
    softly.assertAll();
  }

  @Test
  void prune_with_bad_filters_removes_nothing() throws Exception {
    String before = state();
    SoftAssertions softly = new SoftAssertions();
    expectDaemonError(softly, "invalid filter 'reference'", "image", "prune", "-f", "--filter",
        "reference=hostile/*");
    Result until = docker().run("image", "prune", "-f", "--filter", "until=abc");
    softly.assertThat(until.exit()).isEqualTo(1);
    softly.assertThat(until.stderr())
        .startsWith("Error response from daemon: invalid value for 'until' filter: ");
    // A Go duration is an until dockerd accepts (`docker image prune --filter until=24h`).
    softly.assertThat(docker().run("image", "prune", "-a", "-f", "--filter", "until=24h",
        "--filter", "label=nothing-carries-this"))
        .isEqualTo(new Result(0, "Total reclaimed space: 0B\n", ""));
    softly.assertThat(state()).isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void events_with_since_after_until_fail() throws Exception {
    expectDaemonError(null, "`since` time (10) cannot be after `until` time (3)", "events",
        "--since", "10", "--until", "3");
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static DockerCli docker() {
    return new DockerCli(NODE.port(), dir);
  }

  private static void expectDaemonError(SoftAssertions softly, String message, String... args)
      throws Exception {
    Result result = docker().run(args);
    Result expected = new Result(1, result.stdout(), "Error response from daemon: " + message
        + "\n");
    if (softly == null) {
      assertThat(result).isEqualTo(expected);
    } else {
      softly.assertThat(result).as(String.join(" ", args)).isEqualTo(expected);
    }
  }

  /** Every image and container, and the layer blobs. */
  private static String state() throws Exception {
    return docker().run("images", "-a", "--no-trunc", "--format",
        "{{.ID}} {{.Repository}}:{{.Tag}} {{.Size}}").stdout()
        + docker().run("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Image}}")
            .stdout()
        + NODE.layerBlobs() + " layer blobs\n";
  }

  private static Path write(String name, byte[] bytes) throws Exception {
    return Files.write(dir.resolve(name), bytes);
  }

  private static void assertNothingEscaped(String escape) {
    List<Path> places = List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/tmp"),
        Path.of("/"), NODE.dataDir(), NODE.dataDir().getParent(), dir,
        Path.of("").toAbsolutePath());
    for (Path place : places) {
      for (String suffix : List.of("", "-deep", "-absolute")) {
        assertThat(Files.exists(place.resolve(escape + suffix)))
            .as(place.resolve(escape + suffix).toString()).isFalse();
      }
    }
  }
}
