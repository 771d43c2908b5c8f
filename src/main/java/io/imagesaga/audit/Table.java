package io.imagesaga.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Columns as the docker CLI's tab writer lays them out: each as wide as its widest cell plus
 * three spaces, the last one unpadded.
 */
final class Table {
  private static final int PADDING = 3;
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  void row(String... cells) {
    rows.add(cells);
  }

  @Override
  public String toString() {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
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
