package io.imagesaga.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The shipper's pure decisions: how long it waits after failures, what it logs of them. */
class AuditShipperTest {

  @Test
  void the_wait_doubles_from_the_poll_interval_up_to_the_most_backoff() {
    Duration first = Duration.ofSeconds(1);
    Duration max = Duration.ofMinutes(1);
    assertThat(AuditShipper.backoff(1, first, max)).isEqualTo(Duration.ofSeconds(1));
    assertThat(AuditShipper.backoff(2, first, max)).isEqualTo(Duration.ofSeconds(2));
    assertThat(AuditShipper.backoff(6, first, max)).isEqualTo(Duration.ofSeconds(32));
    assertThat(AuditShipper.backoff(7, first, max)).isEqualTo(max);
    assertThat(AuditShipper.backoff(10_000, first, max)).isEqualTo(max);
  }

  @Test
  void a_failed_batch_is_logged_by_its_cause_not_its_statement() {
    BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO "
        + "fleet_audit … '\\x7b22'::bytea) was aborted", new int[0]);
    batch.setNextException(new SQLException("FATAL: terminating connection due to "
        + "administrator command"));

    assertThat(AuditShipper.reason(new CompletionException(batch)))
        .isEqualTo("FATAL: terminating connection due to administrator command");
    assertThat(AuditShipper.reason(new SQLException("x".repeat(1000)))).hasSize(301);
  }
}
