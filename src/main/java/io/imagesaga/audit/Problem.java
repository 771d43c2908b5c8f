package io.imagesaga.audit;

import java.util.Set;

/**
 * A broken invariant as a check finds it, before it is placed in the log as a {@link Violation}.
 *
 * @param entities the persistence IDs of the entities that disagree
 */
record Problem(int invariant, String description, Set<String> entities) {

  static String image(Object id) {
    return "Image|" + id;
  }

  static String repository(String name) {
    return "Repository|" + name;
  }

  static String layer(String chainId) {
    return "Layer|" + chainId;
  }

  static String container(String id) {
    return "Container|" + id;
  }
}
