package io.imagesaga.testkit;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/** Which entities of a type are in memory on a node, as its shard region reports them. */
public final class Resident {
  private Resident() {}

  public static Set<String> entities(ActorSystem<?> system, EntityTypeKey<?> type) {
    TestProbe<CurrentShardRegionState> probe = TestProbe.create(system);
    ClusterSharding.get(system).shardState().tell(new GetShardRegionState(type, probe.ref()));
    Set<String> ids = new TreeSet<>();
    probe.receiveMessage(Duration.ofSeconds(10)).getShards()
        .forEach(shard -> ids.addAll(shard.getEntityIds()));
    return ids;
  }

  /** Waits until {@code type} has no entity in memory; fails after {@code max}. */
  public static void awaitNone(ActorSystem<?> system, EntityTypeKey<?> type, Duration max) {
    TestProbe.create(system).awaitAssert(max, () -> {
      Set<String> left = entities(system, type);
      if (!left.isEmpty()) {
        throw new AssertionError(type.name() + " entities still in memory: " + left);
      }
      return left;
    });
  }
}
