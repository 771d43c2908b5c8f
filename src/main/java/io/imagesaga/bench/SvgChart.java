package io.imagesaga.bench;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A line chart as a standalone SVG file: one line per series, a tick at each x the data has
 * (on a log scale when the x values span decades, as catalog sizes do), y from 0 to a round
 * bound above the largest value, and a legend. Written by hand rather than with a plotting
 * library: two charts of a few points need a hundred lines, not a dependency.
 */
public final class SvgChart {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 400;
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
      "#9467bd", "#8c564b"};

  public record Point(double x, double y) {}

  public record Series(String name, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logX;

  public SvgChart(String title, String xLabel, String yLabel, boolean logX) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
  }

  /** The chart of {@code series}; x values must be positive on a log scale. */
  public String render(List<Series> series) {
    TreeSet<Double> xs = new TreeSet<>();
    double maxY = 0;
    for (Series s : series) {
      for (Point p : s.points()) {
        if (logX && p.x() <= 0) {
          throw new IllegalArgumentException("x must be positive on a log scale: " + p.x());
        }
        xs.add(p.x());
        maxY = Math.max(maxY, p.y());
      }
    }
    if (xs.isEmpty()) {
      throw new IllegalArgumentException("nothing to plot");
    }
    Scale x = new Scale(xs.first(), xs.last(), logX);
    double top = niceCeiling(maxY);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
        + "font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(svg, WIDTH / 2.0, 22, "middle", 15, title);
    axes(svg, xs, x, top);
    for (int i = 0; i < series.size(); i++) {
      line(svg, series.get(i), x, top, COLOURS[i % COLOURS.length], i);
    }
    return svg.append("</svg>\n").toString();
  }

  private void axes(StringBuilder svg, TreeSet<Double> xs, Scale x, double top) {
    double bottom = HEIGHT - BOTTOM;
    svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%.1f H%d\" stroke=\"black\" "
        + "fill=\"none\"/>%n", LEFT, TOP, bottom, WIDTH - RIGHT));
    for (double value : xs) {
      double px = px(x, value);
      svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f v5\" stroke=\"black\"/>%n",
          px, bottom));
      text(svg, px, bottom + 18, "middle", 12, number(value));
    }
    for (int i = 0; i <= 5; i++) {
      double value = top * i / 5;
      double py = py(value, top);
      svg.append(String.format(Locale.ROOT, "<path d=\"M%d %.1f H%d\" stroke=\"#ddd\"/>%n",
          LEFT, py, WIDTH - RIGHT));
      text(svg, LEFT - 6, py + 4, "end", 12, number(value));
    }
    text(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 12, "middle", 12, xLabel);
    svg.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" "
        + "text-anchor=\"middle\">%s</text>%n", (TOP + bottom) / 2, escape(yLabel)));
  }

  private void line(StringBuilder svg, Series series, Scale x, double top, String colour,
      int index) {
    StringBuilder path = new StringBuilder();
    for (Point p : series.points()) {
      path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT,
          "%.1f %.1f", px(x, p.x()), py(p.y(), top)));
      svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
          + "fill=\"%s\"/>%n", px(x, p.x()), py(p.y(), top), colour));
    }
    svg.append(String.format(Locale.ROOT, "<path d=\"%s\" stroke=\"%s\" stroke-width=\"2\" "
        + "fill=\"none\"/>%n", path, colour));
    double legendY = TOP + 10 + index * 20;
    svg.append(String.format(Locale.ROOT, "<path d=\"M%d %.1f h20\" stroke=\"%s\" "
        + "stroke-width=\"2\"/>%n", WIDTH - RIGHT + 15, legendY, colour));
    text(svg, WIDTH - RIGHT + 40, legendY + 4, "start", 12, series.name());
  }

  private static double px(Scale x, double value) {
    return LEFT + 20 + x.fraction(value) * (WIDTH - RIGHT - LEFT - 40);
  }

  private static double py(double value, double top) {
    return HEIGHT - BOTTOM - value / top * (HEIGHT - BOTTOM - TOP);
  }

  /** The smallest of 1, 2, 2.5, 5 times a power of ten at or above {@code value} (1 for 0). */
  static double niceCeiling(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  static String number(double value) {
    if (value >= 1000 && value % 1000 == 0) {
      return String.format(Locale.ROOT, "%dk", (long) (value / 1000));
    }
    return value == Math.rint(value) ? String.format(Locale.ROOT, "%d", (long) value)
        : String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "");
  }

  private static void text(StringBuilder svg, double x, double y, String anchor, int size,
      String content) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
        + "font-size=\"%d\">%s</text>%n", x, y, anchor, size, escape(content)));
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** Where a value lies between the smallest and largest x, 0 to 1. */
  private record Scale(double min, double max, boolean log) {
    double fraction(double value) {
      if (max == min) {
        return 0.5;
      }
      return log ? (Math.log(value) - Math.log(min)) / (Math.log(max) - Math.log(min))
          : (value - min) / (max - min);
    }
  }
}
