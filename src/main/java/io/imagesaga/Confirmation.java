package io.imagesaga;

/** Reply of entity commands that either take effect or are refused, with nothing to return. */
public sealed interface Confirmation extends CborSerializable
    permits Confirmation.Confirmed, Confirmation.Rejected {

  enum Confirmed implements Confirmation {
    INSTANCE
  }

  record Rejected(Rejection rejection) implements Confirmation {}

  static Confirmation confirmed() {
    return Confirmed.INSTANCE;
  }

  static Confirmation rejected(Rejection rejection) {
    return new Rejected(rejection);
  }
}
