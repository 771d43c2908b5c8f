package io.imagesaga.cli;

import static io.imagesaga.cli.PythonSdkTest.expect;
import static io.imagesaga.cli.PythonSdkTest.load;

import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Python Docker SDK's whole-catalog views on a node of their own: {@code images.list} (all,
 * by name, dangling), {@code images.prune} (dangling, then all unused) and {@code df}. The
 * catalog:
 * a chain {@code pysdk/list:1 <- (untagged) <- pysdk/list:3}, an image that lost its tag
 * {@code pysdk/list:old} to a newer load (dangling), and that newer image, which a container
 * uses.
 */
class PythonSdkCatalogTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();

  @Test
  void list_prune_and_df_see_the_catalog_as_dockerd_shows_it() throws Exception {
    PythonSdk python = PythonSdk.find(NODE.port());
    SdkChain chain = load(NODE, SdkChain.of("pysdk-list", "pysdk/list:1", "", "pysdk/list:3"));
    SdkChain old = load(NODE, SdkChain.of("pysdk-old", "pysdk/list:old"));
    SdkChain newer = load(NODE, SdkChain.of("pysdk-newer", "pysdk/list:old"));
    NODE.driver().createContainer("pysdk-df", "pysdk/list:old");
    ImageId dangling = old.ids().get(0);
    ImageId used = newer.ids().get(0);
    Map<ImageId, String> tags = Map.of(chain.ids().get(0), "['pysdk/list:1']",
        chain.ids().get(1), "[]", chain.ids().get(2), "['pysdk/list:3']", dangling, "[]",
        used, "['pysdk/list:old']");

    expect(python.script("list.py"), "tagged\n"
        + listed(tags, chain.ids().get(0), chain.ids().get(2), dangling, used)
        + "all\n" + listed(tags, chain.ids().get(0), chain.ids().get(1), chain.ids().get(2),
            dangling, used)
        + "name=pysdk/list\n" + listed(tags, chain.ids().get(0), chain.ids().get(2), used)
        + "dangling\n" + listed(tags, dangling));

    long chainSize = chain.size(2);
    long usedSize = newer.size(0);
    expect(python.script("prune.py"),
        records("Deleted", dangling, "Deleted", old.chainIds().get(0)) + old.size(0) + "\n"
            + records("Untagged", "pysdk/list:1", "Untagged", "pysdk/list:3",
                "Deleted", chain.ids().get(0), "Deleted", chain.ids().get(1),
                "Deleted", chain.ids().get(2), "Deleted", chain.chainIds().get(0),
                "Deleted", chain.chainIds().get(1), "Deleted", chain.chainIds().get(2))
            + chainSize + "\n");

    // What is left: one image, its layer and the container that keeps it.
    expect(python.script("df.py"), usedSize + "\n"
        + used + " ['pysdk/list:old'] " + usedSize + " 1\n"
        + "[['/pysdk-df']]\n");
  }

  /** list.py's rows: the images sorted by ID, each with its short ID and sorted tags. */
  private static String listed(Map<ImageId, String> tags, ImageId... images) {
    return List.of(images).stream().sorted(Comparator.comparing(ImageId::toString))
        .map(id -> "  " + id.toString().substring(0, 19) + " " + tags.get(id) + "\n")
        .collect(Collectors.joining());
  }

  /** prune.py's records line: (kind, value) pairs, sorted as Python sorts tuples. */
  private static String records(Object... kindsAndValues) {
    return IntStream.range(0, kindsAndValues.length / 2)
        .mapToObj(i -> "('" + kindsAndValues[2 * i] + "', '" + kindsAndValues[2 * i + 1] + "')")
        .sorted().collect(Collectors.joining(", ", "[", "]\n"));
  }
}
