package io.imagesaga.audit;

import static io.imagesaga.audit.LogBuilder.T0;
import static io.imagesaga.audit.LogBuilder.id;
import static io.imagesaga.audit.LogBuilder.layer;
import static io.imagesaga.audit.LogBuilder.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.image.ImageEvent;
import io.imagesaga.layer.Holder;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.repository.RepositoryEvent;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code audit verify} on hand-written logs: one broken invariant per row, and its report. */
class InvariantCheckTest {

  static Stream<Arguments> logs() {
    return Stream.of(
        row("a consistent catalog", log -> log
            .image("base", Optional.empty(), "base:1")
            .image("app", Optional.of(id("base")), "app:1")
            .runningContainer("c1", id("app")), 0, ""),
        row("an image lists a tag its repository lacks", log -> log
            .image("app", Optional.empty())
            .add("Image|" + id("app"), new ImageEvent.ReferenceAdded(ref("app:1"), T0)), 1,
            "image " + id("app") + " lists docker.io/library/app:1, which its repository "
                + "does not have"),
        row("a repository names an image that does not list the tag", log -> log
            .image("app", Optional.empty())
            .add("Repository|docker.io/library/app", new RepositoryEvent.ReferenceSet(
                ref("app:1"), id("app"), Optional.empty(), "op", T0, true)), 1,
            "repository docker.io/library/app points docker.io/library/app:1 at " + id("app")
                + ", which does not list it"),
        row("a child whose parent does not list it", log -> log
            .image("base", Optional.empty())
            .image("app", Optional.of(id("base")))
            .add("Image|" + id("base"), new ImageEvent.ChildRemoved(id("app"), 2, T0)), 2,
            "image " + id("app") + " has parent " + id("base") + ", which does not list it "
                + "as a child"),
        row("a parent listing a child that is not there", log -> log
            .image("base", Optional.empty())
            .add("Image|" + id("base"), new ImageEvent.ChildAdded(id("ghost"), 1, T0)), 2,
            "image " + id("base") + " lists child " + id("ghost") + ", which is not present"),
        row("a deleted image keeping a tag", log -> log
            .image("app", Optional.empty(), "app:1")
            .add("Image|" + id("app"), new ImageEvent.Deleted(T0)), 1,
            "repository docker.io/library/app points docker.io/library/app:1 at " + id("app")
                + ", which is not present"),
        row("a running container's image deleted", log -> log
            .image("app", Optional.empty())
            .runningContainer("c1", id("app"))
            .add("Image|" + id("app"), new ImageEvent.Deleted(T0)), 3,
            "image " + id("app") + " was deleted while container c1 ran on it"),
        row("a layer counting a holder nobody is", log -> log
            .image("app", Optional.empty())
            .add("Layer|" + layer("app"), new LayerEvent.HolderAdded(T0, "op/stray",
                new Holder("stray", "op"))), 4,
            "layer " + layer("app") + " counts 2 holders; 1 present images and layers hold it"),
        row("half-done inside an operation, consistent at its end", log -> log
            .operationStarted("tag")
            .image("app", Optional.empty())
            .add("Image|" + id("app"), new ImageEvent.ReferenceAdded(ref("app:1"), T0))
            .add("Repository|docker.io/library/app", new RepositoryEvent.ReferenceSet(
                ref("app:1"), id("app"), Optional.empty(), "tag", T0, true))
            .operationCompleted("tag"), 0, ""));
  }

  private static Arguments row(String name, UnaryOperator<LogBuilder> log, int invariant,
      String description) {
    return Arguments.of(name, log.apply(new LogBuilder()), invariant, description);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void finds_the_first_broken_invariant(String name, LogBuilder log, int invariant,
      String description) {
    InvariantCheck check = new InvariantCheck();
    log.records().stream().takeWhile(r -> check.violation().isEmpty()).forEach(check::apply);

    if (invariant == 0) {
      assertThat(check.violation()).isEmpty();
      assertThat(check.checkedAt()).isEqualTo(log.records().size());
    } else {
      Violation violation = check.violation().orElseThrow();
      assertThat(violation.invariant()).isEqualTo(invariant);
      assertThat(violation.description()).isEqualTo(description);
      assertThat(violation.after()).isEqualTo(log.records().get(log.records().size() - 1));
    }
  }

  @Test
  void an_entity_whose_earlier_events_are_missing_marks_the_log_incomplete_not_violated() {
    InvariantCheck check = new InvariantCheck();
    JournalRecord midway = new JournalRecord(1, "Image|" + id("old"), 5, T0,
        new ImageEvent.ReferenceAdded(ref("old:1"), T0));
    check.apply(midway);

    assertThat(check.state().gap()).contains(midway);
    assertThat(check.violation()).isEmpty();
    assertThat(check.checks()).isZero();
  }
}
