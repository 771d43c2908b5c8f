package io.imagesaga.metrics;

import io.imagesaga.container.ContainerEntity;
import io.imagesaga.container.ContainerNameEntity;
import io.imagesaga.deletion.DeletionEntity;
import io.imagesaga.deletion.PruneEntity;
import io.imagesaga.image.ImageEntity;
import io.imagesaga.layer.LayerEntity;
import io.imagesaga.operation.OperationEntity;
import io.imagesaga.repository.RepositoryEntity;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The entities in memory per entity type, asked of sharding's regions when scraped rather than
 * counted as entities start and stop: the region is what holds them, so its answer cannot
 * drift from the truth (an entity stopped by a crash, a restart or a passivation is gone from
 * it), and no entity's code has to report. A region that does not answer within
 * {@link #WAIT} leaves its type out of that scrape rather than holding the scrape up or
 * showing a stale count. The gauge is set just before each scrape rather than by a callback of
 * the client's: the regions answer asynchronously, and a callback would have to block a thread
 * of the scrape on them.
 */
final class EntityCounts {
  /** Well under a scrape's timeout (Prometheus' default is 10 s); a region answers in ms. */
  static final Duration WAIT = Duration.ofSeconds(2);

  private static final List<EntityTypeKey<?>> TYPES = List.of(ImageEntity.ENTITY_TYPE_KEY,
      RepositoryEntity.ENTITY_TYPE_KEY, LayerEntity.ENTITY_TYPE_KEY,
      ContainerEntity.ENTITY_TYPE_KEY, ContainerNameEntity.ENTITY_TYPE_KEY,
      DeletionEntity.ENTITY_TYPE_KEY, OperationEntity.ENTITY_TYPE_KEY,
      PruneEntity.ENTITY_TYPE_KEY);

  private final ActorSystem<?> system;
  private final Gauge inMemory;

  EntityCounts(ActorSystem<?> system, PrometheusRegistry registry) {
    this.system = system;
    this.inMemory = Gauge.builder().name("imagesaga_entities_in_memory")
        .help("Entities in memory, by entity type, as sharding's region holds them")
        .labelNames("type").register(registry);
  }

  /** Asks every region at once; completes when each answered or gave up, never exceptionally. */
  CompletionStage<Void> refresh() {
    return CompletableFuture.allOf(TYPES.stream()
        .map(type -> count(type).toCompletableFuture())
        .toArray(CompletableFuture[]::new));
  }

  private CompletionStage<Void> count(EntityTypeKey<?> type) {
    return AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
            ShardRegion.CurrentShardRegionState>ask(ClusterSharding.get(system).shardState(),
            replyTo -> new GetShardRegionState(type, replyTo), WAIT, system.scheduler())
        .handle((state, failure) -> {
          if (failure == null) {
            inMemory.labelValues(type.name()).set(state.getShards().stream()
                .mapToInt(shard -> shard.getEntityIds().size()).sum());
          } else {
            inMemory.remove(type.name());
          }
          return null;
        });
  }
}
