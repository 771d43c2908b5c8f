package io.imagesaga.modelcheck;

import io.imagesaga.model.DockerModel;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.References;
import io.imagesaga.service.ChainIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything a sequence ever created, present or not: what the final comparison covers. */
public final class Universe {
  private final Map<ImageId, List<Digest>> diffIds = new LinkedHashMap<>();
  private final List<Op.Register> registrations = new ArrayList<>();
  private final List<String> containers = new ArrayList<>();
  private final Set<Digest> chainIds = new LinkedHashSet<>();

  void registered(Op.Register op, byte[] config) {
    ImageId id = ImageId.fromConfig(config);
    diffIds.put(id, op.diffIds());
    registrations.add(op);
    chainIds.addAll(ChainIds.of(op.diffIds()));
  }

  List<Digest> diffIdsOf(ImageId id) {
    return diffIds.get(id);
  }

  public List<ImageId> images() {
    return new ArrayList<>(diffIds.keySet());
  }

  List<Op.Register> registrations() {
    return registrations;
  }

  public List<String> containers() {
    return containers;
  }

  Set<Digest> chainIds() {
    return chainIds;
  }

  /** The familiar strings of every reference the model currently holds. */
  List<String> familiarReferences(DockerModel model) {
    List<String> refs = new ArrayList<>();
    model.images().values().forEach(view -> view.references().forEach(full -> {
      try {
        refs.add(References.parseNormalizedNamed(full).familiarString());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }));
    return refs;
  }
}
