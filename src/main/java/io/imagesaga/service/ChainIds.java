package io.imagesaga.service;

import io.imagesaga.reference.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The layer store's identities: {@code chainID(n) = sha256(chainID(n-1) + " " + diffID(n))}. */
public final class ChainIds {
  private ChainIds() {}

  public static List<Digest> of(List<Digest> diffIds) {
    List<Digest> chain = new ArrayList<>(diffIds.size());
    for (Digest diffId : diffIds) {
      chain.add(chain.isEmpty() ? diffId : Digest.sha256(
          (chain.get(chain.size() - 1) + " " + diffId).getBytes(StandardCharsets.UTF_8)));
    }
    return chain;
  }
}
