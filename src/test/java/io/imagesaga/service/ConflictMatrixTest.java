package io.imagesaga.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.StepJournal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * moby's rmi scenarios through the whole node. Each case states its setup in a small script
 * ({@code image B from A}, {@code tag A $a:1}, {@code digest A $a d1}, {@code stopped c1 on A},
 * {@code running c1 on A}), the rmi call and the exact answer; {@code $} is the case's own
 * namespace and {@code {A}}, {@code {A12}}, {@code {LA}}, {@code {c1}}, {@code {d1}} stand for an
 * image's ID, short ID, top layer, a short container ID and a digest. Cases are named after the
 * message numbers of docs/semantics.md, "Messages".
 */
class ConflictMatrixTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();
  static final AtomicInteger cases = new AtomicInteger();

  record Case(String name, List<String> setup, String rmi, DeleteOptions options,
      String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, String setup, String rmi, String flags, String... expected) {
    DeleteOptions options = DeleteOptions.defaults();
    options = flags.contains("f") ? options.withForce() : options;
    options = flags.contains("n") ? options.withoutPrune() : options;
    return new Case(name, List.of(setup.split(";\\s*")), rmi, options,
        String.join("\n", expected));
  }

  static Stream<Case> matrix() {
    String m5 = "409 conflict: unable to remove repository reference \"$a:1\" (must force) -"
        + " container {c1} is using its referenced image {A12}";
    return Stream.of(
        c("untag one of two tags", "image A; tag A $a:1; tag A $a:2", "$a:1", "",
            "Untagged: $a:1"),
        c("untag the last tag deletes", "image A; tag A $a:1", "$a:1", "",
            "Untagged: $a:1", "Deleted: {A}", "Deleted: {LA}"),
        // TestRmiTagWithExistingContainers
        c("M5 stopped container", "image A; tag A $a:1; stopped c1 on A", "$a:1", "", m5),
        c("M5 running container", "image A; tag A $a:1; running c1 on A", "$a:1", "", m5),
        c("M5 forced under a stopped container", "image A; tag A $a:1; stopped c1 on A",
            "$a:1", "f", "Untagged: $a:1", "Deleted: {A}", "Deleted: {LA}"),
        c("forced untag under a running container keeps the image",
            "image A; tag A $a:1; running c1 on A", "$a:1", "f", "Untagged: $a:1"),
        c("a second reference lifts M5", "image A; tag A $a:1; tag A $b:1; stopped c1 on A",
            "$a:1", "", "Untagged: $a:1"),
        // TestRmiWithMultipleRepositories
        c("M3 by ID with two repositories", "image A; tag A $a:1; tag A $b:1", "{A12}", "",
            "409 conflict: unable to delete {A12} (must be forced) - image is referenced in"
                + " multiple repositories"),
        c("forced by ID with two repositories", "image A; tag A $b:1; tag A $a:1", "{A12}", "f",
            "Untagged: $a:1", "Untagged: $b:1", "Deleted: {A}", "Deleted: {LA}"),
        // TestRmiParentImageFail / TestRmiByIDHardConflict
        c("M1 child images cannot be forced", "image A; image B from A", "{A}", "f",
            "409 conflict: unable to delete {A12} (cannot be forced) - image has dependent"
                + " child images"),
        c("M2 running container cannot be forced", "image A; running c1 on A", "{A12}", "f",
            "409 conflict: unable to delete {A12} (cannot be forced) - image is being used by"
                + " running container {c1}"),
        c("M4 stopped container", "image A; stopped c1 on A", "sha256:{A12}", "",
            "409 conflict: unable to delete {A12} (must be forced) - image is being used by"
                + " stopped container {c1}"),
        c("M4 forced", "image A; stopped c1 on A", "{A12}", "f", "Deleted: {A}",
            "Deleted: {LA}"),
        c("same-repository digests go with the last tag",
            "image A; tag A $a:1; digest A $a d1", "$a:1", "",
            "Untagged: $a:1", "Untagged: $a@{d1}", "Deleted: {A}", "Deleted: {LA}"),
        c("a digest of another repository keeps the image",
            "image A; tag A $a:1; digest A $b d1", "$a:1", "", "Untagged: $a:1"),
        c("by ID: one tag and its digests are untagged", "image A; digest A $a d1; tag A $a:1",
            "{A}", "", "Untagged: $a:1", "Untagged: $a@{d1}", "Deleted: {A}", "Deleted: {LA}"),
        c("tag and digest given: only the digest goes",
            "image A; digest A $a d1; tag A $a:1", "$a:1@{d1}", "", "Untagged: $a:1@{d1}"),
        c("dangling parents are pruned", "image A; image B from A; image C from B; tag C $c:1",
            "$c:1", "", "Untagged: $c:1", "Deleted: {C}", "Deleted: {LC}", "Deleted: {B}",
            "Deleted: {LB}", "Deleted: {A}", "Deleted: {LA}"),
        c("noprune keeps the parents", "image A; image B from A; tag B $b:1", "$b:1", "n",
            "Untagged: $b:1", "Deleted: {B}", "Deleted: {LB}"),
        c("a tag in the middle stops the prune",
            "image A; image B from A; tag B $b:1; image C from B; tag C $c:1", "$c:1", "",
            "Untagged: $c:1", "Deleted: {C}", "Deleted: {LC}"),
        c("a stopped container stops the prune quietly",
            "image A; stopped c1 on A; image B from A; tag B $b:1", "$b:1", "",
            "Untagged: $b:1", "Deleted: {B}", "Deleted: {LB}"),
        c("a shared layer stays until its last image goes", "image A; image B like A",
            "{B}", "", "Deleted: {B}"),
        c("name without tag means latest", "image A; tag A $a", "$a", "",
            "Untagged: $a:latest", "Deleted: {A}", "Deleted: {LA}"),
        c("unknown name", "image A", "$nope", "", "404 No such image: $nope:latest"),
        c("unknown ID", "image A", "sha256:" + "f".repeat(64), "",
            "404 No such image: sha256:" + "f".repeat(64)),
        c("blank name", "image A", "  ", "", "400 image name cannot be blank"),
        c("upper case", "image A", "$A", "",
            "400 invalid reference format: repository name must be lowercase"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void rmi_answers_as_moby(Case c) {
    Scenario s = new Scenario("m" + cases.incrementAndGet() + "-");
    c.setup().forEach(s::apply);
    assertThat(NODE.driver().rmi(s.expand(c.rmi()), c.options())).isEqualTo(s.expand(c.expected()));
  }

  /**
   * The dry run of each case answers exactly what the delete then answers, and writes nothing
   * to the journal.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void a_dry_run_answers_what_the_delete_then_does_and_journals_nothing(Case c) {
    Scenario s = new Scenario("p" + cases.incrementAndGet() + "-");
    c.setup().forEach(s::apply);
    int journaled = StepJournal.auditLog(NODE.driver()).size();

    String preview = NODE.driver().previewRmi(s.expand(c.rmi()), c.options());

    assertThat(StepJournal.changesSince(NODE.driver(), journaled)).isEmpty();
    assertThat(preview).isEqualTo(NODE.driver().rmi(s.expand(c.rmi()), c.options()))
        .isEqualTo(s.expand(c.expected()));
  }

  /** Interprets a case's setup script against the node, remembering what it created. */
  static final class Scenario {
    private final String ns;
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<String, List<Digest>> layers = new HashMap<>();

    Scenario(String ns) {
      this.ns = ns;
      tokens.put("$", ns);
      tokens.put("{d1}", digest("d1").toString());
    }

    void apply(String step) {
      String[] w = step.trim().split("\\s+");
      switch (w[0]) {
        case "image" -> image(w[1], w.length > 2 ? w[2] : "", w.length > 3 ? w[3] : null);
        case "tag" -> check(NODE.driver().tag(tokens.get("{" + w[1] + "}"), expand(w[2])));
        case "digest" -> check(NODE.driver().addDigest(expand(w[2]) + "@" + digest(w[3]),
            ImageId.parse(tokens.get("{" + w[1] + "}"))));
        case "stopped", "running" -> container(w[1], w[3], w[0].equals("running"));
        default -> throw new IllegalArgumentException(step);
      }
    }

    private void image(String name, String relation, String other) {
      List<Digest> diffIds = new ArrayList<>(other == null ? List.of() : layers.get(other));
      Optional<ImageId> parent = Optional.empty();
      if (relation.equals("from")) {
        parent = Optional.of(ImageId.parse(tokens.get("{" + other + "}")));
      }
      if (!relation.equals("like")) {
        diffIds.add(digest(name));
      }
      ImageId id = NODE.driver().register(ns + name, parent, diffIds);
      layers.put(name, diffIds);
      tokens.put("{" + name + "}", id.toString());
      tokens.put("{" + name + "12}", id.shortId());
      tokens.put("{L" + name + "}", ChainIds.of(diffIds).get(diffIds.size() - 1).toString());
    }

    private void container(String name, String image, boolean running) {
      String id = digest(name).encoded();
      check(NODE.driver().createContainer(id, tokens.get("{" + image + "}")).startsWith("sha256:")
          ? "" : "create failed");
      if (running) {
        check(NODE.driver().start(id).startsWith("Changed") ? "" : "start failed");
      }
      tokens.put("{" + name + "}", id.substring(0, 12));
    }

    String expand(String text) {
      String out = text;
      for (var token : tokens.entrySet()) {
        out = out.replace(token.getKey(), token.getValue());
      }
      return out;
    }

    private Digest digest(String seed) {
      return Digest.sha256((ns + seed).getBytes(StandardCharsets.UTF_8));
    }

    private static void check(String answer) {
      assertThat(answer).as("setup step").isEmpty();
    }
  }
}
