package io.imagesaga.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {
  private static final List<SvgChart.Series> SIZES = List.of(
      new SvgChart.Series("in-process", List.of(new SvgChart.Point(1000, 2.0),
          new SvgChart.Point(10000, 2.2), new SvgChart.Point(100000, 2.4))),
      new SvgChart.Series("HTTP <1 client>", List.of(new SvgChart.Point(1000, 3.0),
          new SvgChart.Point(10000, 3.1), new SvgChart.Point(100000, 3.3))));

  @Test
  void the_chart_is_well_formed_svg_with_a_point_per_value_and_a_legend_per_series()
      throws Exception {
    Document svg = parse(new SvgChart("rmi & size", "images", "ms", true).render(SIZES));
    assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(svg.getElementsByTagName("circle").getLength()).isEqualTo(6);
    assertThat(texts(svg)).contains("rmi & size", "in-process", "HTTP <1 client>", "1k", "10k",
        "100k", "images", "ms");
  }

  @Test
  void on_a_log_scale_each_decade_is_the_same_width() throws Exception {
    Document svg = parse(new SvgChart("t", "x", "y", true).render(SIZES.subList(0, 1)));
    NodeList circles = svg.getElementsByTagName("circle");
    double x1 = cx(circles, 0);
    double x2 = cx(circles, 1);
    double x3 = cx(circles, 2);
    assertThat(x2 - x1).isCloseTo(x3 - x2, within(0.2));
  }

  @Test
  void on_a_linear_scale_distances_follow_the_values() throws Exception {
    List<SvgChart.Series> clients = List.of(new SvgChart.Series("deletes/s", List.of(
        new SvgChart.Point(1, 80), new SvgChart.Point(8, 196), new SvgChart.Point(32, 255))));
    NodeList circles = parse(new SvgChart("t", "x", "y", false).render(clients))
        .getElementsByTagName("circle");
    double unit = (cx(circles, 2) - cx(circles, 0)) / 31;
    assertThat(cx(circles, 1) - cx(circles, 0)).isCloseTo(7 * unit, within(0.2));
  }

  @Test
  void the_y_axis_ends_at_a_round_number_above_the_largest_value() {
    assertThat(SvgChart.niceCeiling(3.3)).isEqualTo(5.0);
    assertThat(SvgChart.niceCeiling(180)).isEqualTo(200.0);
    assertThat(SvgChart.niceCeiling(2.1)).isEqualTo(2.5);
    assertThat(SvgChart.niceCeiling(1000)).isEqualTo(1000.0);
    assertThat(SvgChart.niceCeiling(0)).isEqualTo(1.0);
  }

  @Test
  void nothing_to_plot_or_a_non_positive_x_on_a_log_scale_is_refused() {
    SvgChart log = new SvgChart("t", "x", "y", true);
    assertThatThrownBy(() -> log.render(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.render(List.of(new SvgChart.Series("s",
        List.of(new SvgChart.Point(0, 1)))))).isInstanceOf(IllegalArgumentException.class);
  }

  private static double cx(NodeList circles, int i) {
    return Double.parseDouble(((Element) circles.item(i)).getAttribute("cx"));
  }

  private static List<String> texts(Document svg) {
    NodeList nodes = svg.getElementsByTagName("text");
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent());
    }
    return texts;
  }

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }
}
