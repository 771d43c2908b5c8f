package io.imagesaga.audit;

/** A broken invariant as a check finds it, before it is placed in the log as a {@link Violation}. */
record Problem(int invariant, String description) {}
