package io.imagesaga.audit;

import static io.imagesaga.audit.LogBuilder.T0;
import static io.imagesaga.audit.LogBuilder.id;
import static io.imagesaga.audit.LogBuilder.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Provenance;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletePlan;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageDeleteStep;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.security.AccessEvent;
import io.imagesaga.security.Permission;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code audit history} of a reference that a delete removed without naming it. */
class HistoryTest {
  private static final Provenance ALICE = new Provenance("10.0.0.7:51000", "docker/28", "r-1", "");

  @Test
  void a_tag_removed_by_a_delete_by_id_names_that_delete_and_who_asked() {
    LogBuilder log = new LogBuilder().image("app", Optional.empty(), "app:1")
        .add("Deletion|d1", new DeletionEvent.Started(new DeletePlan(id("app"), Optional.empty(),
            id("app").shortId(), DeleteOptions.defaults().withForce(), Optional.empty()),
            ALICE, T0))
        .add("Image|" + id("app"), new ImageEvent.Untagged(
            List.of(new ImageEvent.RemovedReference(ref("app:1"), true)), T0))
        .add("Image|" + id("app"), new ImageEvent.StepTaken("d1", new DeleteOutcome.Done(
            new ImageDeleteStep(List.of("app:1"), List.of(ref("app:1")), true, Optional.empty(),
                Optional.empty())), T0, true))
        .add("Repository|docker.io/library/app", new RepositoryEvent.ReferencesRemoved(
            List.of(ref("app:1")), id("app"), T0))
        .add("Deletion|d1", new DeletionEvent.Finished(
            List.of(new DeleteRecord.Untagged("app:1")), T0));

    History history = new History(new History.Subject.Reference(ref("app:1")));
    log.records().forEach(history::accept);

    assertThat(history.records()).extracting(r -> EventTypes.name(r.event().getClass()))
        .containsExactly("ImageEvent.ReferenceAdded", "RepositoryEvent.ReferenceSet",
            "DeletionEvent.Started",
            "ImageEvent.Untagged", "ImageEvent.StepTaken", "RepositoryEvent.ReferencesRemoved",
            "DeletionEvent.Finished");
    assertThat(RecordText.line(history.records().get(2))).endsWith(
        "Deletion d1  rmi -f " + id("app").shortId()
            + " by 10.0.0.7:51000 \"docker/28\" request r-1");
  }

  @Test
  void a_refused_request_is_in_the_history_of_the_name_or_image_it_named() {
    Provenance reader = new Provenance("10.0.0.8:52000", "docker/28", "r-2", "CN=reader");
    LogBuilder log = new LogBuilder().image("app", Optional.empty(), "app:1")
        .image("other", Optional.empty(), "other:1")
        .add("Access|refusals", new AccessEvent.Refused(reader, "DELETE",
            "/v1.47/images/app:1", "app:1", Permission.DELETE, T0))
        .add("Access|refusals", new AccessEvent.Refused(reader, "DELETE",
            "/v1.47/images/app", "app", Permission.DELETE, T0))
        .add("Access|refusals", new AccessEvent.Refused(reader, "POST",
            "/v1.47/images/" + id("app").hex() + "/tag", id("app").hex(), Permission.TAG, T0))
        .add("Access|refusals", new AccessEvent.Refused(reader, "DELETE",
            "/v1.47/images/other:1", "other:1", Permission.DELETE, T0))
        .add("Access|refusals", new AccessEvent.Refused(reader, "GET",
            "/v1.47/images/json", "", Permission.READ, T0));

    History byName = new History(new History.Subject.Reference(ref("app:1")));
    log.records().forEach(byName::accept);
    assertThat(byName.records()).extracting(r -> EventTypes.name(r.event().getClass()))
        .containsExactly("ImageEvent.ReferenceAdded", "RepositoryEvent.ReferenceSet",
            "AccessEvent.Refused");
    assertThat(RecordText.line(byName.records().get(2))).endsWith("refused DELETE"
        + " /v1.47/images/app:1 (needs delete) by 10.0.0.8:52000 as CN=reader \"docker/28\""
        + " request r-2");

    History byImage = new History(new History.Subject.Image(id("app")));
    log.records().forEach(byImage::accept);
    assertThat(byImage.records()).filteredOn(r -> r.event() instanceof AccessEvent.Refused)
        .extracting(r -> ((AccessEvent.Refused) r.event()).needed())
        .containsExactly(Permission.TAG);
  }
}
