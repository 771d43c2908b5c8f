package io.imagesaga.deletion;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.operation.OperationEntity;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.Resident;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A delete or operation leaves memory once it has given its final answer, refusals included:
 * a cleanup loop of {@code docker rmi nosuch} must not fill the sharding's entity limit. The
 * shipped idle timeout is minutes, far longer than these waits, so only the saga's own
 * passivation can empty the region here.
 */
class SagaMemoryTest {
  private static final Duration SOON = Duration.ofSeconds(10);

  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  @Test
  void refused_deletes_leave_memory_once_they_have_answered() {
    for (int i = 0; i < 5; i++) {
      assertThat(NODE.driver().rmi("nosuch-" + i, DeleteOptions.defaults()))
          .isEqualTo("404 No such image: nosuch-" + i + ":latest");
    }
    Resident.awaitNone(NODE.driver().node().system(), DeletionEntity.ENTITY_TYPE_KEY, SOON);
  }

  @Test
  void finished_deletes_and_operations_leave_memory() {
    NODE.driver().register("memory", Optional.empty(), List.of(diffId("memory")), "memory:1");
    assertThat(NODE.driver().rmi("memory:1", DeleteOptions.defaults())).contains("Deleted");
    Resident.awaitNone(NODE.driver().node().system(), DeletionEntity.ENTITY_TYPE_KEY, SOON);
    Resident.awaitNone(NODE.driver().node().system(), OperationEntity.ENTITY_TYPE_KEY, SOON);
  }
}
