package io.imagesaga.audit;

import static io.imagesaga.audit.HandLog.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.reference.ImageId;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code audit at}'s table: {@code docker images -a} then {@code docker ps -a}, laid out as
 * the docker CLI's tab writer does ({@code tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)}: every
 * column but the last as wide as its widest cell plus three, and at least ten), ages told
 * relative to the time asked for.
 */
class CatalogViewTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Instant AT = Instant.parse("2026-12-01T18:00:00Z");
  private static final ImageId BUSYBOX = id('1');
  private static final ImageId APP = id('2');
  private static final ImageId DANGLING = id('3');
  private static final ImageId GONE = id('4');

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Three images as a {@code docker load}, tags and a pull would leave them; one deleted. */
  private static HandLog images() {
    return new HandLog()
        .registered(BUSYBOX, Instant.parse("2026-11-28T18:00:00Z"), 4_260_000, at("09:00"))
        .tagged(BUSYBOX, "busybox:latest", at("09:00"))
        .tagged(BUSYBOX, "busybox:1.36", at("09:01"))
        .tagged(BUSYBOX, "busybox@sha256:" + "d".repeat(64), at("09:01"))
        .registered(APP, Instant.parse("2026-12-01T17:00:00Z"), 1_000, at("17:00"))
        .tagged(APP, "app@sha256:" + "e".repeat(64), at("17:00"))
        .registered(GONE, Instant.parse("2026-12-01T17:10:00Z"), 1_000, at("17:10"))
        .deleted(GONE, at("17:20"))
        .registered(DANGLING, Instant.parse("2026-12-01T17:59:30Z"), 0, at("17:59:30"));
  }

  @Test
  void images_newest_first_one_row_per_tag_none_for_digest_only_and_dangling() {
    assertThat(new CatalogView(images().state(), AT).table()).isEqualTo("""
        REPOSITORY   TAG       IMAGE ID       CREATED             SIZE
        <none>       <none>    333333333333   30 seconds ago      0B
        app          <none>    222222222222   About an hour ago   1kB
        busybox      1.36      111111111111   3 days ago          4.26MB
        busybox      latest    111111111111   3 days ago          4.26MB
        """);
  }

  @Test
  void containers_follow_newest_first_with_their_status_as_of_the_time_asked() {
    HandLog log = images()
        .created("a".repeat(64), "web", "busybox", BUSYBOX, at("15:00"))
        .container("a".repeat(64), at("16:00"), new ContainerEvent.Started(at("16:00")))
        .created("b".repeat(64), "job", "222222222222", APP, at("16:30"))
        .container("b".repeat(64), at("16:40"), new ContainerEvent.Started(at("16:40")))
        .container("b".repeat(64), at("17:55"), new ContainerEvent.Stopped(at("17:55")))
        .created("c".repeat(64), "tmp", "333333333333", DANGLING, at("17:00"))
        .created("f".repeat(64), "old", "busybox", BUSYBOX, at("17:01"))
        .container("f".repeat(64), at("17:02"), new ContainerEvent.Removed(at("17:02")));

    String table = new CatalogView(log.state(), AT).table();

    assertThat(table.substring(table.indexOf("\n\n") + 2)).isEqualTo("""
        CONTAINER ID   IMAGE          STATUS                     NAMES
        cccccccccccc   333333333333   Created                    tmp
        bbbbbbbbbbbb   222222222222   Exited (0) 5 minutes ago   job
        aaaaaaaaaaaa   busybox        Up 2 hours                 web
        """);
  }

  /**
   * {@code audit at T}: the log up to the last record written at or before T, in write order.
   * Writers' clocks may disagree by a little, so a record stamped just after T is held back
   * and applied if a later record still falls at or before T; one stamped beyond the skew
   * window ends the replay.
   */
  @Test
  void at_a_time_the_replay_takes_the_log_up_to_the_last_record_written_by_then() {
    Instant cut = at("17:00");
    HandLog log = new HandLog()
        .registered(BUSYBOX, Instant.parse("2026-11-28T18:00:00Z"), 4_260_000, at("09:00"))
        .tagged(BUSYBOX, "busybox:1.36", cut)
        .tagged(BUSYBOX, "busybox:latest", cut.plusMillis(1))
        .registered(APP, Instant.parse("2026-12-01T16:00:00Z"), 1_000, at("16:59"))
        .tagged(APP, "app:1", cut.plusMillis(2))
        .tagged(APP, "app:2", cut.plus(PointInTime.SKEW).plusMillis(1))
        .tagged(APP, "app:3", at("16:58"));
    PointInTime replay = new PointInTime(cut);

    new ListLog(log.records(), testKit.system()).forEach(record -> replay.wantsMore(),
        replay::offer);

    assertThat(new CatalogView(replay.state(), cut).table()).isEqualTo("""
        REPOSITORY   TAG       IMAGE ID       CREATED             SIZE
        <none>       <none>    222222222222   About an hour ago   1kB
        busybox      1.36      111111111111   2 days ago          4.26MB
        busybox      latest    111111111111   2 days ago          4.26MB
        """);
    assertThat(replay.state().offset()).isEqualTo(4);
  }

  private static Instant at(String time) {
    return Instant.parse("2026-12-01T" + (time.length() == 5 ? time + ":00" : time) + "Z");
  }

  /** A log held in memory, read as {@code audit} reads one. */
  private record ListLog(List<JournalRecord> list, ActorSystem<?> system) implements AuditLog {
    @Override
    public Source<JournalRecord, NotUsed> records() {
      return Source.from(list);
    }

    @Override
    public void close() {}
  }
}
