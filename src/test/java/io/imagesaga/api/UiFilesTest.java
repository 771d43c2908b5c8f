package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link UiRoutes} keeps the files it served, and only those: a name that names nothing is
 * not remembered, or every distinct name a client tries ({@code /ui/a1.js}, {@code /ui/a2.js},
 * ...) would be held for the node's life.
 */
class UiFilesTest {

  /** The classpath, recording every resource asked of it. */
  private static final class Recording extends ClassLoader {
    final List<String> asked = new ArrayList<>();

    Recording() {
      super(UiFilesTest.class.getClassLoader());
    }

    @Override
    public synchronized InputStream getResourceAsStream(String name) {
      asked.add(name);
      return super.getResourceAsStream(name);
    }
  }

  @Test
  void a_file_is_read_once_and_a_missing_name_is_not_remembered() {
    Recording loader = new Recording();
    UiRoutes routes = new UiRoutes(loader);

    assertThat(routes.response("main.js").status().intValue()).isEqualTo(200);
    assertThat(routes.response("main.js").status().intValue()).isEqualTo(200);
    assertThat(routes.response("missing.js").status().intValue()).isEqualTo(404);
    assertThat(routes.response("missing.js").status().intValue()).isEqualTo(404);

    assertThat(loader.asked).containsExactly("ui/main.js", "ui/missing.js", "ui/missing.js");
  }
}
