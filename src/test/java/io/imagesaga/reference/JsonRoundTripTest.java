package io.imagesaga.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record travels as one JSON string and reads back equal, as the journal needs. */
class JsonRoundTripTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String HEX = "0123456789abcdef".repeat(4);

  record Case(Object value, String json) {
    @Override
    public String toString() {
      return value.getClass().getSimpleName() + " " + json;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(digest("sha256:" + HEX), "\"sha256:" + HEX + "\""),
        new Case(digest("sha512:" + HEX + HEX), "\"sha512:" + HEX + HEX + "\""),
        new Case(new ImageId(HEX), "\"sha256:" + HEX + "\""),
        new Case(named("busybox").repository(), "\"docker.io/library/busybox\""),
        new Case(named("a_b.com/c").repository(), "\"a_b.com/c\""),
        new Case(named("busybox"), "\"docker.io/library/busybox\""),
        new Case(named("busybox:latest"), "\"docker.io/library/busybox:latest\""),
        new Case(named("localhost:5000/a:1"), "\"localhost:5000/a:1\""),
        new Case(named("[::1]:5000/a"), "\"[::1]:5000/a\""),
        new Case(named("a@sha256:" + HEX), "\"docker.io/library/a@sha256:" + HEX + "\""),
        new Case(named("a:t@sha256:" + HEX), "\"docker.io/library/a:t@sha256:" + HEX + "\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void round_trips_as_a_plain_string(Case c) throws Exception {
    String json = JSON.writeValueAsString(c.value());

    assertThat(json).isEqualTo(c.json());
    assertThat(JSON.readValue(json, c.value().getClass())).isEqualTo(c.value());
  }

  record Bad(Class<?> type, String json) {
    @Override
    public String toString() {
      return type.getSimpleName() + " " + json;
    }
  }

  static Stream<Bad> bad() {
    return Stream.of(
        new Bad(Digest.class, "\"sha256:abc\""),
        new Bad(ImageId.class, "\"sha256:abc\""),
        new Bad(RepositoryName.class, "\"busybox:latest\""),
        new Bad(RepositoryName.class, "\"Foo\""),
        new Bad(NamedReference.class, "\"a::b\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void refuses_a_bad_string(Bad c) {
    assertThatThrownBy(() -> JSON.readValue(c.json(), c.type()))
        .isInstanceOf(ValueInstantiationException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keeps_records_inside_collections_as_strings() throws Exception {
    var refs = List.of(named("busybox:latest"), named("a@sha256:" + HEX));
    String json = JSON.writeValueAsString(refs);

    assertThat(json)
        .isEqualTo(
            "[\"docker.io/library/busybox:latest\",\"docker.io/library/a@sha256:" + HEX + "\"]");
    assertThat(JSON.readValue(json, NamedReference[].class)).containsExactlyElementsOf(refs);
  }

  static Digest digest(String s) {
    return Digest.fromJson(s);
  }

  static NamedReference named(String s) {
    return NamedReference.fromJson(s);
  }
}
