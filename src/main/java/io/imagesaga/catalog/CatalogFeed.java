package io.imagesaga.catalog;

import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ImageObserver;
import io.imagesaga.image.ImageState;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;

/** What the entities call after each persisted change: a local tell, never blocking. */
public final class CatalogFeed implements ImageObserver, Consumer<ContainerState> {
  private final ActorRef<Catalog.Command> catalog;

  CatalogFeed(ActorRef<Catalog.Command> catalog) {
    this.catalog = catalog;
  }

  @Override
  public void changed(ImageState state) {
    catalog.tell(new Catalog.ImageChanged(state));
  }

  @Override
  public void accept(ContainerState state) {
    catalog.tell(new Catalog.ContainerChanged(state));
  }
}
