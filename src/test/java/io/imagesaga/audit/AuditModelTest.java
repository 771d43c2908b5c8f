package io.imagesaga.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Provenance;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.TestConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * History and point-in-time answers checked against the model after random sequences. Each
 * seed runs a sequence of {@link io.imagesaga.modelcheck.OpGenerator} operations on the model
 * of moby's semantics and on a fresh node, noting the model's catalog and the audit log's last
 * offset after every operation; then the node is stopped and its log read back offline, as
 * {@code imagesaga audit} reads it. Replayed to each noted offset, the log must give the model's
 * catalog then; {@code audit verify} must find no violation; and the history of every
 * reference and image the sequence named must tell what the model did to it, with who asked.
 */
class AuditModelTest {
  private static final int OPERATIONS = 40;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 1_009, 20_261, 424_242})
  void the_audit_log_tells_what_the_model_did(long seed, @TempDir Path dataDir)
      throws Exception {
    RecordedRun run;
    try (NodeDriver node = NodeDriver.start(dataDir)) {
      run = RecordedRun.run(seed, OPERATIONS, node);
    }
    List<JournalRecord> log = new ArrayList<>();
    try (OfflineJournal journal = new OfflineJournal(TestConfigs.node(dataDir))) {
      journal.forEach(record -> true, log::add);
    }
    assertThat(log).as("seed %d: the log read offline", seed).isNotEmpty();
    long lastAnswer = run.steps().get(run.steps().size() - 1).offset();
    assertThat(log).filteredOn(record -> record.offset() > lastAnswer)
        .as("seed %d: after the last answer, only ends of answered deletes and forgets", seed)
        .allMatch(AuditModelTest::bookkeeping);

    catalogAfterEveryStep(run, log);
    noViolation(run, log);
    deletesCarryProvenance(run, log);
    NamesSeen names = new NamesSeen();
    log.forEach(names::accept);
    referenceHistories(run, log, names);
    imageHistories(run, log, names);
    historyPages(run, log);
    System.out.printf("audit model test, seed %d: %d operations, %d records, %d references and"
        + " %d images traced, %d deletes%n", seed, run.steps().size(), log.size(),
        run.steps().stream().flatMap(s -> s.catalog().references().keySet().stream()).distinct()
            .count(), run.universe().images().size(),
        run.steps().stream().filter(s -> s.rmiTarget().isPresent()).count());
  }

  private static void catalogAfterEveryStep(RecordedRun run, List<JournalRecord> log) {
    JournalState state = new JournalState();
    int next = 0;
    for (RecordedRun.Step step : run.steps()) {
      while (next < log.size() && log.get(next).offset() <= step.offset()) {
        state.apply(log.get(next++));
      }
      assertThat(state.offset()).as(() -> "replayed to " + run.describe()).isEqualTo(
          step.offset());
      assertThat(state.openSagas()).as(() -> "sagas open after step " + step.index() + " of "
          + run.describe()).allSatisfy((id, started) -> assertThat(endOf(id, log))
              .as("a delete answered before its end is journaled ends finished")
              .containsInstanceOf(DeletionEvent.Finished.class));
      assertThat(CatalogSnapshot.of(state, run.universe().images(), run.universe().containers()))
          .as(() -> "catalog replayed to offset " + step.offset() + " after step "
              + step.index() + " of " + run.describe())
          .isEqualTo(step.catalog());
    }
  }

  /**
   * A finished delete answers as it journals its end, and tells its steps to forget after that
   * (docs/design.md, "The delete saga"): these may follow the answer in the log.
   */
  private static boolean bookkeeping(JournalRecord record) {
    Object event = record.event();
    return event instanceof DeletionEvent.Finished || event instanceof ImageEvent.StepsForgotten
        || event instanceof RepositoryEvent.StepsForgotten
        || event instanceof LayerEvent.StepsForgotten;
  }

  /** The event that ended saga {@code persistenceId}, if the log has it. */
  private static Optional<Object> endOf(String persistenceId, List<JournalRecord> log) {
    return log.stream().filter(record -> record.persistenceId().equals(persistenceId))
        .map(JournalRecord::event)
        .filter(event -> event instanceof DeletionEvent && !(event instanceof DeletionEvent.Started))
        .findFirst();
  }

  private static void noViolation(RecordedRun run, List<JournalRecord> log) {
    InvariantCheck check = new InvariantCheck();
    log.forEach(check::apply);
    assertThat(check.violation()).as(() -> "audit verify of " + run.describe()).isEmpty();
    assertThat(check.checkedAt()).as("seed %d: last offset verified", run.seed())
        .isEqualTo(log.get(log.size() - 1).offset());
    assertThat(check.checks()).as("seed %d: points verified", run.seed())
        .isGreaterThanOrEqualTo(run.steps().stream().map(RecordedRun.Step::offset).distinct()
            .filter(offset -> offset > 0).count());
  }

  /** Every delete and operation is journaled with who asked; one delete per resolved rmi. */
  private static void deletesCarryProvenance(RecordedRun run, List<JournalRecord> log) {
    List<Provenance> deletes = log.stream().map(JournalRecord::event)
        .flatMap(e -> e instanceof DeletionEvent.Started s ? Stream.of(s.provenance())
            : Stream.empty()).toList();
    List<Provenance> operations = log.stream().map(JournalRecord::event)
        .flatMap(e -> e instanceof OperationEvent.Started s ? Stream.of(s.provenance())
            : Stream.empty()).toList();
    assertThat(deletes).as(() -> "delete sagas of " + run.describe())
        .hasSize((int) run.steps().stream().filter(s -> s.rmiTarget().isPresent()).count())
        .containsOnly(NodeDriver.PROVENANCE);
    assertThat(operations).as("seed %d: operations", run.seed()).isNotEmpty()
        .containsOnly(NodeDriver.PROVENANCE);
  }

  /**
   * Every reference the model ever held, looked up by its familiar string; a digest reference
   * every other time with a tag before its digest, which the digest alone stands for.
   */
  private static void referenceHistories(RecordedRun run, List<JournalRecord> log,
      NamesSeen names) {
    TreeSet<String> references = new TreeSet<>();
    run.steps().forEach(step -> references.addAll(step.catalog().references().keySet()));
    boolean withTag = false;
    for (String reference : references) {
      NamedReference named = CatalogSnapshot.parse(reference);
      String input = named.familiarString();
      if (named.isCanonical()) {
        input = (withTag = !withTag) ? input.replace("@", ":1@") : input;
      }
      History.Subject subject = names.resolve(input);
      assertThat(subject).as("seed %d: %s", run.seed(), input)
          .isEqualTo(new History.Subject.Reference(named));
      List<JournalRecord> records = history(subject, log);
      assertThat(NameHistories.repositoryMoves(records))
          .as(() -> "repository moves of " + reference + " in " + run.describe())
          .isEqualTo(NameHistories.repositoryMoves(run, reference));
      assertThat(NameHistories.imageMoves(records))
          .as(() -> "image moves of " + reference + " in " + run.describe())
          .isEqualTo(NameHistories.imageMoves(run, reference));
    }
  }

  /** Every image the sequence made, looked up by its ID in turn in each form a user types. */
  private static void imageHistories(RecordedRun run, List<JournalRecord> log,
      NamesSeen names) {
    List<ImageId> images = run.universe().images();
    for (int i = 0; i < images.size(); i++) {
      ImageId id = images.get(i);
      List<String> expected = NameHistories.imageLife(run, id);
      String input = !expected.contains("Registered") ? id.toString()
          : List.of(id.toString(), id.hex(), id.shortId()).get(i % 3);
      History.Subject subject = names.resolve(input);
      assertThat(subject).as("seed %d: %s", run.seed(), input)
          .isEqualTo(new History.Subject.Image(id));
      assertThat(NameHistories.imageLife(history(subject, log), id))
          .as(() -> "history of " + id + " in " + run.describe())
          .isEqualTo(expected);
    }
  }

  /**
   * Every history the sequence can be asked for, alone and narrowed to who asked (the node
   * driver's user agent, and a client that asked nothing), read page by page as the audit
   * route serves it: the pages give what the whole history holds ({@link HistoryPages}).
   */
  private static void historyPages(RecordedRun run, List<JournalRecord> log) {
    List<Optional<History.Subject>> subjects = new ArrayList<>();
    subjects.add(Optional.empty());
    run.universe().images().forEach(id -> subjects.add(Optional.of(new History.Subject.Image(
        id))));
    run.steps().stream().flatMap(step -> step.catalog().references().keySet().stream())
        .distinct().map(CatalogSnapshot::parse)
        .forEach(named -> subjects.add(Optional.of(new History.Subject.Reference(named))));
    for (Optional<History.Subject> subject : subjects) {
      for (Optional<String> client : List.of(Optional.<String>empty(), Optional.of("imagesaga"),
          Optional.of("nobody"))) {
        HistoryPages.agree(log, subject, client, "seed " + run.seed() + ": " + subject
            + " asked by " + client);
      }
    }
  }

  private static List<JournalRecord> history(History.Subject subject, List<JournalRecord> log) {
    History history = new History(subject);
    log.forEach(history::accept);
    return history.records();
  }
}
