package io.imagesaga.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The replay behind {@code audit at}: the log up to the last record written at or before the
 * time asked, applied in write order. Write times follow write order only up to the clocks of
 * the writers, so the replay looks {@link #SKEW} past that time before it stops, and a record
 * written just after it is held back until a later one shows whether it falls inside.
 */
public final class PointInTime {
  static final Duration SKEW = Duration.ofSeconds(2);

  private final Instant at;
  private final JournalState state = new JournalState();
  private final List<JournalRecord> held = new ArrayList<>();
  private boolean done;

  public PointInTime(Instant at) {
    this.at = at;
  }

  /**
   * {@code audit at}: the catalog of {@code log} at {@code at}, as {@code GET
   * /imagesaga/audit/at} and the command both answer it.
   */
  public static CompletionStage<CatalogView> catalog(Replay log, Instant at) {
    PointInTime cut = new PointInTime(at);
    return log.run(0, record -> cut.wantsMore(), cut::offer)
        .thenApply(done -> new CatalogView(cut.state(), at));
  }

  /** Offers the next record of the log. */
  public void offer(JournalRecord record) {
    if (!record.written().isAfter(at)) {
      held.forEach(state::apply);
      held.clear();
      state.apply(record);
    } else if (record.written().isAfter(at.plus(SKEW))) {
      done = true;
    } else {
      held.add(record);
    }
  }

  /** Whether a later record could still belong to the answer. */
  public boolean wantsMore() {
    return !done;
  }

  /** The catalog at the time asked. */
  public JournalState state() {
    return state;
  }
}
