package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.security.Permission;
import io.imagesaga.testkit.NodeExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every line of the API's route table names the permission it needs, and this list is the
 * review of them: a route added or changed fails here until its permission is written down.
 */
class RoutePermissionsTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.embedded();

  private static final List<String> TABLE = List.of(
      "GET /_ping read",
      "HEAD /_ping read",
      "GET /version read",
      "GET /info read",
      "GET /system/df read",
      "GET /metrics read",
      "GET /events read",
      "GET /images/json read",
      "POST /images/prune prune",
      "POST /images/load load",
      "POST /images/create load",
      "GET /images/get read",
      "GET /images/{name:.*}/json read",
      "GET /images/{name:.*}/history read",
      "GET /images/{name:.*}/get read",
      "POST /images/{name:.*}/tag tag",
      "DELETE /images/{name:.*} delete",
      "POST /containers/create container",
      "GET /containers/json read",
      "GET /containers/{id}/json read",
      "POST /containers/{id}/start container",
      "POST /containers/{id}/stop container",
      "DELETE /containers/{id} container",
      "GET /imagesaga/audit/journal audit",
      "GET /imagesaga/audit/history audit",
      "GET /imagesaga/audit/at audit",
      "GET /imagesaga/health read",
      "GET /imagesaga/ready read",
      "GET /imagesaga/fleet/images read",
      "POST /imagesaga/fleet/images/prune prune",
      "DELETE /imagesaga/fleet/images/{name:.*} delete",
      "GET /imagesaga/fleet/deletes/{id} read",
      "GET /imagesaga/fleet/protected read",
      "POST /imagesaga/fleet/protected delete",
      "DELETE /imagesaga/fleet/protected delete",
      "GET /ui read",
      "GET /ui/{file:.*} read");

  @Test
  void every_route_names_the_permission_it_needs() {
    List<RouteTable.Line<io.imagesaga.Provenance>> lines = new Routes(NODE.driver().node())
        .lines();
    assertThat(lines).allSatisfy(line -> assertThat(line.permission()).isNotNull());
    assertThat(lines.stream().map(line -> line.method().name() + " " + line.path() + " "
        + line.permission().label())).containsExactlyElementsOf(TABLE);
  }

  @Test
  void only_reads_are_granted_by_read() {
    assertThat(new Routes(NODE.driver().node()).lines()).allSatisfy(line -> {
      boolean reads = line.method().name().equals("GET") || line.method().name().equals("HEAD");
      assertThat(line.permission() == Permission.READ).as(line.path()).isEqualTo(reads
          && !line.path().startsWith("/imagesaga/audit/"));
    });
  }

  /** Every client's provenance is in the audit log, whichever way it is read. */
  @Test
  void every_audit_route_needs_audit() {
    assertThat(new Routes(NODE.driver().node()).lines())
        .filteredOn(line -> line.path().startsWith("/imagesaga/audit/"))
        .extracting(line -> line.path() + " " + line.permission().label())
        .containsExactly("/imagesaga/audit/journal audit", "/imagesaga/audit/history audit",
            "/imagesaga/audit/at audit");
  }
}
