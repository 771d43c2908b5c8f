package io.imagesaga.image;

import static io.imagesaga.checkpoint.CodecData.readCount;
import static io.imagesaga.checkpoint.CodecData.readInstant;
import static io.imagesaga.checkpoint.CodecData.readString;
import static io.imagesaga.checkpoint.CodecData.writeInstant;
import static io.imagesaga.checkpoint.CodecData.writeString;

import io.imagesaga.checkpoint.StateCodec;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.RepositoryName;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link ImageState} in the images' checkpoint: every field but the saga steps, which are
 * empty at rest (an image holding some goes to Pekko's serializer). Repository names are read
 * once per file and shared, instead of parsed and normalised again in every reference.
 */
public final class ImageStateCodec implements StateCodec<ImageState> {
  public static final ImageStateCodec INSTANCE = new ImageStateCodec();

  private ImageStateCodec() {}

  @Override
  public int id() {
    return 1;
  }

  @Override
  public Class<ImageState> type() {
    return ImageState.class;
  }

  @Override
  public boolean fits(ImageState state) {
    return state.sagaSteps().isEmpty();
  }

  @Override
  public void write(ImageState state, DataOutput out) throws IOException {
    out.writeByte(state.lifecycle().ordinal());
    out.writeBoolean(state.metadata() != null);
    if (state.metadata() != null) {
      writeMetadata(state.metadata(), out);
    }
    writeReferences(state.references(), out);
    out.writeInt(state.children().size());
    for (ImageId child : state.children()) {
      writeString(out, child.hex());
    }
    out.writeInt(state.containers().size());
    for (ContainerUse use : state.containers()) {
      writeString(out, use.containerId());
      out.writeBoolean(use.running());
    }
    writeString(out, state.registeredBy());
    out.writeInt(state.leases().size());
    for (ImageState.Lease lease : state.leases()) {
      writeString(out, lease.holder());
      writeInstant(out, lease.expires());
    }
    out.writeLong(state.generation());
    out.writeInt(state.childGenerations().size());
    for (Map.Entry<ImageId, Long> child : state.childGenerations().entrySet()) {
      writeString(out, child.getKey().hex());
      out.writeLong(child.getValue());
    }
  }

  private static void writeReferences(Set<NamedReference> references, DataOutput out)
      throws IOException {
    out.writeInt(references.size());
    for (NamedReference reference : references) {
      writeString(out, reference.repository().domain());
      writeString(out, reference.repository().path());
      writeString(out, reference.tag());
      writeString(out, reference.digest() == null ? null : reference.digest().toString());
    }
  }

  private static void writeMetadata(ImageMetadata metadata, DataOutput out) throws IOException {
    writeString(out, metadata.id().hex());
    writeString(out, metadata.parent().map(ImageId::hex).orElse(null));
    writeString(out, metadata.topLayer().map(Digest::toString).orElse(null));
    writeInstant(out, metadata.created());
    writeString(out, metadata.os());
    out.writeLong(metadata.size());
    out.writeInt(metadata.labels().size());
    for (Map.Entry<String, String> label : metadata.labels().entrySet()) {
      writeString(out, label.getKey());
      writeString(out, label.getValue());
    }
  }

  @Override
  public ImageState read(DataInput in, Map<String, Object> shared) throws IOException {
    ImageState.Lifecycle lifecycle = ImageState.Lifecycle.values()[in.readByte()];
    ImageMetadata metadata = in.readBoolean() ? readMetadata(in) : null;
    TreeSet<NamedReference> references = readReferences(in, shared);
    int count = readCount(in);
    Set<ImageId> children = new HashSet<>();
    for (int i = 0; i < count; i++) {
      children.add(new ImageId(readString(in)));
    }
    count = readCount(in);
    List<ContainerUse> containers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      containers.add(new ContainerUse(readString(in), in.readBoolean()));
    }
    String registeredBy = readString(in);
    count = readCount(in);
    List<ImageState.Lease> leases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      leases.add(new ImageState.Lease(readString(in), readInstant(in)));
    }
    long generation = in.readLong();
    count = readCount(in);
    Map<ImageId, Long> childGenerations = new HashMap<>();
    for (int i = 0; i < count; i++) {
      childGenerations.put(new ImageId(readString(in)), in.readLong());
    }
    return new ImageState(lifecycle, metadata, references, children, containers, registeredBy,
        leases, List.of(), generation, childGenerations);
  }

  private static TreeSet<NamedReference> readReferences(DataInput in,
      Map<String, Object> shared) throws IOException {
    int count = readCount(in);
    TreeSet<NamedReference> references = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      RepositoryName repository = repository(readString(in), readString(in), shared);
      String tag = readString(in);
      String digest = readString(in);
      references.add(new NamedReference(repository, tag, digest == null ? null
          : Digest.fromJson(digest)));
    }
    return references;
  }

  private static ImageMetadata readMetadata(DataInput in) throws IOException {
    ImageId id = new ImageId(readString(in));
    Optional<ImageId> parent = Optional.ofNullable(readString(in)).map(ImageId::new);
    Optional<Digest> topLayer = Optional.ofNullable(readString(in)).map(Digest::fromJson);
    Instant created = readInstant(in);
    String os = readString(in);
    long size = in.readLong();
    int count = readCount(in);
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < count; i++) {
      labels.put(readString(in), readString(in));
    }
    return new ImageMetadata(id, parent, topLayer, created, os, size, labels);
  }

  /** The repository name, normalised and checked once per file. */
  private static RepositoryName repository(String domain, String path,
      Map<String, Object> shared) {
    return (RepositoryName) shared.computeIfAbsent(domain + "/" + path,
        name -> new RepositoryName(domain, path));
  }
}
