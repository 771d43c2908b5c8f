package io.imagesaga.layer;

import static io.imagesaga.checkpoint.CodecData.readCount;
import static io.imagesaga.checkpoint.CodecData.readOptional;
import static io.imagesaga.checkpoint.CodecData.readString;
import static io.imagesaga.checkpoint.CodecData.writeOptional;
import static io.imagesaga.checkpoint.CodecData.writeString;

import io.imagesaga.checkpoint.StateCodec;
import io.imagesaga.reference.Digest;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pcollections.HashTreePSet;
import org.pcollections.PSet;

/** {@link LayerState} in the layers' checkpoint, every field of it. */
public final class LayerStateCodec implements StateCodec<LayerState> {
  public static final LayerStateCodec INSTANCE = new LayerStateCodec();

  private LayerStateCodec() {}

  @Override
  public int id() {
    return 2;
  }

  @Override
  public Class<LayerState> type() {
    return LayerState.class;
  }

  @Override
  public boolean fits(LayerState state) {
    return true;
  }

  @Override
  public void write(LayerState state, DataOutput out) throws IOException {
    out.writeLong(state.incarnation());
    out.writeInt(state.holders().size());
    for (Holder holder : state.holders()) {
      writeHolder(holder, out);
    }
    out.writeBoolean(state.creator() != null);
    if (state.creator() != null) {
      writeHolder(state.creator(), out);
    }
    writeOptional(out, state.parent().map(Digest::toString));
    writeString(out, state.diffId() == null ? null : state.diffId().toString());
    out.writeLong(state.diffSize());
    writeOptional(out, state.blob());
    out.writeInt(state.steps().size());
    for (LayerState.Step step : state.steps()) {
      writeString(out, step.step());
      out.writeByte(step.effect().ordinal());
      out.writeLong(step.incarnation());
      writeOptional(out, step.blob());
      out.writeBoolean(step.untilForgotten());
    }
  }

  private static void writeHolder(Holder holder, DataOutput out) throws IOException {
    writeString(out, holder.id());
    writeString(out, holder.incarnation());
  }

  @Override
  public LayerState read(DataInput in, Map<String, Object> shared) throws IOException {
    long incarnation = in.readLong();
    int count = readCount(in);
    PSet<Holder> holders = HashTreePSet.empty();
    for (int i = 0; i < count; i++) {
      holders = holders.plus(readHolder(in));
    }
    Holder creator = in.readBoolean() ? readHolder(in) : null;
    Optional<Digest> parent = readOptional(in).map(Digest::fromJson);
    String diffId = readString(in);
    long diffSize = in.readLong();
    Optional<String> blob = readOptional(in);
    count = readCount(in);
    List<LayerState.Step> steps = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      steps.add(new LayerState.Step(readString(in), LayerState.Effect.values()[in.readByte()],
          in.readLong(), readOptional(in), in.readBoolean()));
    }
    return new LayerState(incarnation, holders, creator, parent,
        diffId == null ? null : Digest.fromJson(diffId), diffSize, blob, steps);
  }

  private static Holder readHolder(DataInput in) throws IOException {
    return new Holder(readString(in), readString(in));
  }
}
