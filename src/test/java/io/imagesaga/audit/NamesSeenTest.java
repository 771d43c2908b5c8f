package io.imagesaga.audit;

import static io.imagesaga.audit.HandLog.id;
import static io.imagesaga.audit.HandLog.reference;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.ImageId;
import io.imagesaga.repository.RepositoryEvent;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code audit history <name>} takes a name to be, as moby's {@code GetImage} would. */
class NamesSeenTest {
  private static final ImageId IMAGE = id('1');
  private static final String DIGEST = "sha256:" + "d".repeat(64);
  private static final Instant T = Instant.parse("2026-12-01T18:00:00Z");

  private static NamesSeen seen(String... familiar) {
    HandLog log = new HandLog().registered(IMAGE, T, 0, T);
    for (String name : familiar) {
      log.add("Repository|" + reference(name).name(), T, new RepositoryEvent.ReferenceSet(
          reference(name), IMAGE, Optional.empty(), "op", T, true));
    }
    NamesSeen names = new NamesSeen();
    log.records().forEach(names::accept);
    return names;
  }

  @Test
  void a_name_is_a_reference_with_the_default_tag() {
    assertThat(seen("app:latest").resolve("app"))
        .isEqualTo(new History.Subject.Reference(reference("app:latest")));
  }

  /** moby's {@code favorDigest}: {@code app:1@sha256:…} stands for {@code app@sha256:…}. */
  @Test
  void a_tag_with_a_digest_names_the_digest_reference() {
    assertThat(seen("app@" + DIGEST).resolve("app:1@" + DIGEST))
        .isEqualTo(new History.Subject.Reference(reference("app@" + DIGEST)));
  }

  @Test
  void an_id_or_an_unambiguous_prefix_names_the_image() {
    NamesSeen names = seen("app:latest");

    assertThat(names.resolve(IMAGE.toString())).isEqualTo(new History.Subject.Image(IMAGE));
    assertThat(names.resolve(IMAGE.shortId())).isEqualTo(new History.Subject.Image(IMAGE));
  }

  /** What the log cannot change is answered without it, as {@code resolve} answers it. */
  @Test
  void what_needs_no_log_is_answered_as_with_one() {
    NamesSeen names = seen("app:latest", "cafe:1");
    for (String input : java.util.List.of(IMAGE.toString(), IMAGE.hex(), "app", "app:latest",
        "cafe:1", "never/seen:2", "app@" + DIGEST)) {
      assertThat(NamesSeen.withoutLog(input)).as(input).contains(names.resolve(input));
    }
    for (String input : java.util.List.of("1111", "sha256:11", "sha", "cafe", "")) {
      assertThat(NamesSeen.withoutLog(input)).as(input).isEmpty();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NamesSeen.withoutLog("no such!"))
        .isInstanceOf(NamesSeen.Unresolved.class)
        .hasMessage("the log never named an image or reference no such!");
  }

  /** Looking for one input keeps what resolving it needs, and answers as knowing every name. */
  @Test
  void looking_for_one_name_answers_as_knowing_them_all() {
    HandLog log = new HandLog();
    for (char c : "1234".toCharArray()) {
      log.registered(id(c), T, 0, T);
    }
    log.registered(ImageId.parse("sha256:12" + "0".repeat(62)), T, 0, T);
    log.add("Repository|docker.io/library/app", T, new RepositoryEvent.ReferenceSet(
        reference("app:1"), id('1'), Optional.empty(), "op", T, true));
    NamesSeen all = new NamesSeen();
    log.records().forEach(all::accept);
    for (String input : java.util.List.of("2222", "12", "1", "app:1", "app:2", "")) {
      NamesSeen one = NamesSeen.lookingFor(input);
      log.records().forEach(one::accept);
      Object expected = answer(all, input);
      assertThat(answer(one, input)).as(input).isEqualTo(expected);
    }
  }

  private static Object answer(NamesSeen names, String input) {
    try {
      return names.resolve(input);
    } catch (NamesSeen.Unresolved e) {
      return e.getMessage();
    }
  }
}
