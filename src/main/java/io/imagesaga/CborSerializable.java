package io.imagesaga;

/**
 * Marker for every message, event, state and reply that may be journaled or sent between
 * nodes. Bound to {@code jackson-cbor} in {@code conf/serialization.conf}; nothing is
 * serialized with Java serialization.
 */
public interface CborSerializable {}
