package io.imagesaga;

import io.imagesaga.image.ImageCommand;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.repository.RepositoryCommand;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entities each running saga asked to remember a step, noted before the step is sent (a
 * step that timed out may have been taken), so that once the saga has journaled its end each is
 * told to forget (docs/design.md, "Exactly-once steps"). Thread-safe: steps are sent and
 * answered on any thread.
 *
 * <p>Kept in memory only: a crash between a saga's end and its forgets leaves those steps
 * remembered, which is harmless (the saga never asks again) and costs a few entries. A forget is
 * never sent before the end is journaled, so no step is forgotten while its saga may still ask.
 */
public final class SagaFootprints {
  private static final Logger log = LoggerFactory.getLogger(SagaFootprints.class);

  private record Footprint(Set<ImageId> images, Set<Digest> layers, Set<String> repositories) {
    Footprint() {
      this(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(),
          ConcurrentHashMap.newKeySet());
    }
  }

  private final Entities entities;
  private final Map<String, Footprint> bySaga = new ConcurrentHashMap<>();

  public SagaFootprints(Entities entities) {
    this.entities = entities;
  }

  public void image(String sagaId, ImageId image) {
    of(sagaId).images().add(image);
  }

  public void layer(String sagaId, Digest chainId) {
    of(sagaId).layers().add(chainId);
  }

  public void repository(String sagaId, String name) {
    of(sagaId).repositories().add(name);
  }

  /**
   * Tells every entity saga {@code sagaId} took a step on to forget its steps. Call only once
   * the saga's end is journaled. The forgets are not waited for; one that fails is logged, and
   * leaves a step remembered.
   */
  public void forget(String sagaId) {
    Footprint footprint = bySaga.remove(sagaId);
    if (footprint == null) {
      return;
    }
    footprint.images().forEach(image -> logFailure(sagaId, entities.<Confirmation>image(image,
        replyTo -> new ImageCommand.Forget(sagaId, replyTo))));
    footprint.layers().forEach(layer -> logFailure(sagaId, entities.<Confirmation>layer(layer,
        replyTo -> new LayerCommand.Forget(sagaId, replyTo))));
    footprint.repositories().forEach(name -> logFailure(sagaId, entities.<Confirmation>repository(
        name, replyTo -> new RepositoryCommand.Forget(sagaId, replyTo))));
  }

  private Footprint of(String sagaId) {
    return bySaga.computeIfAbsent(sagaId, id -> new Footprint());
  }

  private static void logFailure(String sagaId, CompletionStage<Confirmation> forgot) {
    forgot.whenComplete((done, failure) -> {
      if (failure != null) {
        log.info("a step of {} stays remembered: {}", sagaId, failure.toString());
      }
    });
  }
}
