package io.imagesaga.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Rejection;
import org.junit.jupiter.api.Test;

/** The one text of a name conflict, which both the create and the name's entity answer. */
class NameInUseTest {

  @Test
  void isDockerdsReserveNameConflict() {
    Rejection.Conflict conflict = ContainerNameEntity.nameInUse("web", "0123abcd");

    // moby daemon/names.go reserveName.
    assertThat(conflict.message()).isEqualTo("Conflict. The container name \"/web\" is already"
        + " in use by container \"0123abcd\". You have to remove (or rename) that container to"
        + " be able to reuse that name.");
    assertThat(conflict.severity()).isEqualTo(Rejection.Severity.HARD);
  }
}
