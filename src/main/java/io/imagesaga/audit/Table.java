package io.imagesaga.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Columns as the docker CLI's tab writer lays them out ({@code tabwriter.NewWriter(out, 10, 1,
 * 3, ' ', 0)}): each as wide as its widest cell plus three spaces, but at least ten, the last
 * one unpadded.
 */
public final class Table {
  private static final int PADDING = 3;
  private static final int MIN_WIDTH = 10;
  private final List<String[]> rows = new ArrayList<>();

  public Table(String... header) {
    rows.add(header);
  }

  public void row(String... cells) {
    rows.add(cells);
  }

  @Override
  public String toString() {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    Arrays.fill(widths, MIN_WIDTH - PADDING);
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int c = 0; c < columns - 1; c++) {
        out.append(row[c]).append(" ".repeat(widths[c] - row[c].length() + PADDING));
      }
      out.append(row[columns - 1]).append('\n');
    }
    return out.toString();
  }
}
