package org.siamage.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A small table rendered as Markdown or as aligned plain text. Column 0 is left-aligned. */
final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... header) {
    this.header = List.of(header);
  }

  TextTable row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          cells.length + " cells for " + header.size() + " columns: " + Arrays.toString(cells));
    }
    rows.add(List.of(cells));
    return this;
  }

  String toMarkdown() {
    StringBuilder text = new StringBuilder();
    appendMarkdownRow(text, header);
    text.append('|');
    for (int column = 0; column < header.size(); column++) {
      text.append(column == 0 ? "---|" : "---:|");
    }
    text.append('\n');
    rows.forEach(row -> appendMarkdownRow(text, row));
    return text.toString();
  }

  String toPlainText() {
    int[] widths = new int[header.size()];
    for (List<String> row : allRows()) {
      for (int column = 0; column < row.size(); column++) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    StringBuilder text = new StringBuilder();
    appendPlainRow(text, header, widths);
    int ruleLength = Arrays.stream(widths).sum() + 2 * (widths.length - 1);
    text.append("-".repeat(ruleLength)).append('\n');
    rows.forEach(row -> appendPlainRow(text, row, widths));
    return text.toString();
  }

  private List<List<String>> allRows() {
    List<List<String>> all = new ArrayList<>(rows);
    all.add(0, header);
    return all;
  }

  private static void appendMarkdownRow(StringBuilder text, List<String> cells) {
    text.append('|');
    for (String cell : cells) {
      text.append(' ').append(cell.replace("|", "\\|")).append(" |");
    }
    text.append('\n');
  }

  private static void appendPlainRow(StringBuilder text, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int column = 0; column < cells.size(); column++) {
      String cell = cells.get(column);
      String padding = " ".repeat(widths[column] - cell.length());
      if (column > 0) {
        line.append("  ").append(padding).append(cell);
      } else {
        line.append(cell).append(padding);
      }
    }
    text.append(line.toString().stripTrailing()).append('\n');
  }
}
