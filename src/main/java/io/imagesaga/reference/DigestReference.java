package io.imagesaga.reference;

/** A string that named an image by its ID alone (64 hex characters or {@code algo:hex}). */
public record DigestReference(Digest digest) implements ParsedReference {}
