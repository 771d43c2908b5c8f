package io.imagesaga.service;

import java.util.List;

/**
 * Names for containers created without {@code --name}, in dockerd's adjective_surname shape,
 * derived from the container ID so that the same ID always gets the same name.
 */
final class ContainerNames {
  private static final List<String> LEFT = List.of(
      "admiring", "brave", "clever", "dreamy", "eager", "festive", "gallant", "happy",
      "jolly", "keen", "loving", "modest", "nifty", "quirky", "serene", "vibrant");
  private static final List<String> RIGHT = List.of(
      "babbage", "curie", "darwin", "euler", "feynman", "galois", "hopper", "lovelace",
      "meitner", "noether", "pascal", "ritchie", "shannon", "thompson", "turing", "wozniak");

  private ContainerNames() {}

  static String generate(String containerId) {
    int hash = containerId.hashCode();
    return LEFT.get(Math.floorMod(hash, LEFT.size())) + "_"
        + RIGHT.get(Math.floorMod(hash >>> 8, RIGHT.size())) + "_" + containerId.substring(0,
            Math.min(6, containerId.length()));
  }
}
