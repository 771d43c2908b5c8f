package io.imagesaga.deletion;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.ImageId;
import java.time.Instant;
import java.util.List;

/**
 * What a prune would delete, as a dry run found it: each name with the image it named then.
 * Executing the plan deletes exactly these, each only while its name still names that image.
 *
 * @param token names the plan for its execution; a plan is executed at most once
 */
public record PrunePlan(String token, List<Item> items, Instant at) implements CborSerializable {

  public PrunePlan {
    items = List.copyOf(items);
  }

  /**
   * One delete of the plan: {@code name} (a reference or an ID), the image it named and that
   * image's references then (familiar strings).
   */
  public record Item(String name, ImageId image, List<String> references)
      implements CborSerializable {

    public Item {
      references = List.copyOf(references);
    }
  }
}
