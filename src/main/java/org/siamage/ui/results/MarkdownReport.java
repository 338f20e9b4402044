package org.siamage.ui.results;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The Markdown the app writes (evaluation reports, paper tables), laid out as JavaFX nodes: headings
 * (#, ##, ###), paragraphs, bullet lists, pipe tables, pictures ({@code ![alt](target)}), fenced
 * code, and inline {@code **bold**} and {@code `code`}. Not a general Markdown reader: only the
 * subset the app emits, so a report reads as a report and its tables as tables.
 */
final class MarkdownReport {
  /** Column alignment of a pipe table, from its separator row ({@code ---}, {@code ---:}, {@code :---:}). */
  enum Align {
    LEFT,
    RIGHT,
    CENTER
  }

  /** One block of the document. */
  sealed interface Block permits Heading, Paragraph, Bullets, Table, Picture, Code {}

  /** {@code #} … {@code ######}: level 1..6. */
  record Heading(int level, String text) implements Block {}

  /** Consecutive lines of text, joined by spaces as Markdown does. */
  record Paragraph(String text) implements Block {}

  /** Lines starting with {@code -} or {@code *}. */
  record Bullets(List<String> items) implements Block {}

  /** A pipe table: its header, one alignment per column and its rows, each as long as the header. */
  record Table(List<String> header, List<Align> align, List<List<String>> rows) implements Block {}

  /** {@code ![alt](target)} on a line of its own. */
  record Picture(String alt, String target) implements Block {}

  /** A fenced block, shown as written. */
  record Code(String text) implements Block {}

  /** Style class of a rendered table (a {@link GridPane}); its cells are {@link Label}s. */
  static final String TABLE_CLASS = "markdown-table";
  static final String HEADER_CELL_CLASS = "markdown-header-cell";
  static final String CELL_CLASS = "markdown-cell";

  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern BULLET = Pattern.compile("^\\s{0,3}[-*+]\\s+(.*)$");
  private static final Pattern PICTURE = Pattern.compile("^!\\[([^\\]]*)\\]\\(([^)]*)\\)\\s*$");
  private static final Pattern SEPARATOR_CELL = Pattern.compile("^:?-{3,}:?$");
  private static final Pattern INLINE = Pattern.compile("\\*\\*(.+?)\\*\\*|`([^`]+)`");
  private static final String CELL_STYLE = "-fx-padding: 3 8 3 8; -fx-border-color: derive(-fx-base, -18%);"
      + " -fx-border-width: 0 0 1 0;";
  private static final String HEADER_STYLE = CELL_STYLE + " -fx-font-weight: bold;"
      + " -fx-background-color: derive(-fx-base, -5%);";

  /** Room for a table's own horizontal scroll bar, when it needs one. */
  private static final double SCROLL_BAR_HEIGHT = 16;

  private MarkdownReport() {}

  /** The blocks of {@code markdown}, in order. */
  static List<Block> parse(String markdown) {
    List<Block> blocks = new ArrayList<>();
    String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
    StringBuilder paragraph = new StringBuilder();
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      String trimmed = line.strip();
      Matcher heading = HEADING.matcher(trimmed);
      Matcher bullet = BULLET.matcher(line);
      Matcher picture = PICTURE.matcher(trimmed);
      if (trimmed.isEmpty()) {
        flush(paragraph, blocks);
        i++;
      } else if (trimmed.startsWith("```")) {
        flush(paragraph, blocks);
        StringBuilder code = new StringBuilder();
        i++;
        while (i < lines.length && !lines[i].strip().startsWith("```")) {
          code.append(code.length() == 0 ? "" : "\n").append(lines[i]);
          i++;
        }
        blocks.add(new Code(code.toString()));
        i++; // the closing fence
      } else if (heading.matches()) {
        flush(paragraph, blocks);
        blocks.add(new Heading(heading.group(1).length(), heading.group(2)));
        i++;
      } else if (picture.matches()) {
        flush(paragraph, blocks);
        blocks.add(new Picture(picture.group(1), picture.group(2)));
        i++;
      } else if (trimmed.startsWith("|") && i + 1 < lines.length && isSeparator(lines[i + 1])) {
        flush(paragraph, blocks);
        List<String> header = cells(trimmed);
        List<Align> align = new ArrayList<>();
        for (String cell : cells(lines[i + 1].strip())) {
          align.add(cell.endsWith(":") ? cell.startsWith(":") ? Align.CENTER : Align.RIGHT : Align.LEFT);
        }
        while (align.size() < header.size()) {
          align.add(Align.LEFT);
        }
        List<List<String>> rows = new ArrayList<>();
        i += 2;
        while (i < lines.length && lines[i].strip().startsWith("|")) {
          rows.add(fit(cells(lines[i].strip()), header.size()));
          i++;
        }
        blocks.add(new Table(List.copyOf(header), List.copyOf(align.subList(0, header.size())), List.copyOf(rows)));
      } else if (bullet.matches()) {
        flush(paragraph, blocks);
        List<String> items = new ArrayList<>();
        while (i < lines.length && !lines[i].isBlank()) {
          Matcher item = BULLET.matcher(lines[i]);
          if (item.matches()) {
            items.add(item.group(1).strip());
          } else if (Character.isWhitespace(lines[i].charAt(0))) {
            items.set(items.size() - 1, items.get(items.size() - 1) + " " + lines[i].strip()); // continued item
          } else {
            break;
          }
          i++;
        }
        blocks.add(new Bullets(List.copyOf(items)));
      } else {
        paragraph.append(paragraph.length() == 0 ? "" : " ").append(trimmed);
        i++;
      }
    }
    flush(paragraph, blocks);
    return List.copyOf(blocks);
  }

  private static void flush(StringBuilder paragraph, List<Block> blocks) {
    if (paragraph.length() > 0) {
      blocks.add(new Paragraph(paragraph.toString()));
      paragraph.setLength(0);
    }
  }

  private static boolean isSeparator(String line) {
    String trimmed = line.strip();
    if (!trimmed.startsWith("|") && !trimmed.contains("|")) {
      return false;
    }
    List<String> cells = cells(trimmed);
    return !cells.isEmpty() && cells.stream().allMatch(cell -> SEPARATOR_CELL.matcher(cell).matches());
  }

  /** The cells of a table row: split at unescaped pipes, {@code \|} kept as a pipe. */
  static List<String> cells(String row) {
    String inner = row;
    if (inner.startsWith("|")) {
      inner = inner.substring(1);
    }
    if (inner.endsWith("|") && !inner.endsWith("\\|")) {
      inner = inner.substring(0, inner.length() - 1);
    }
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
      cells.add(cell.strip().replace("\\|", "|"));
    }
    return cells;
  }

  private static List<String> fit(List<String> cells, int size) {
    List<String> fitted = new ArrayList<>(cells.subList(0, Math.min(size, cells.size())));
    while (fitted.size() < size) {
      fitted.add("");
    }
    return List.copyOf(fitted);
  }

  /** {@code text} without inline markup ({@code **}, backticks). */
  static String plain(String text) {
    return INLINE.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
        match.group(1) != null ? match.group(1) : match.group(2)));
  }

  /**
   * The blocks as a column of nodes.
   *
   * @param pictures the node for a picture's target, or {@code null} to show its alt text instead
   */
  static VBox render(List<Block> blocks, Function<String, Node> pictures) {
    VBox column = new VBox(8);
    column.getStyleClass().add("markdown-report");
    for (Block block : blocks) {
      Node node;
      if (block instanceof Heading heading) {
        node = heading(heading);
      } else if (block instanceof Paragraph paragraph) {
        node = flow(paragraph.text());
      } else if (block instanceof Bullets bullets) {
        node = bullets(bullets);
      } else if (block instanceof Table table) {
        node = table(table);
      } else if (block instanceof Picture picture) {
        node = picture(picture, pictures);
      } else {
        node = code((Code) block);
      }
      column.getChildren().add(node);
    }
    return column;
  }

  private static Node heading(Heading heading) {
    Label label = new Label(plain(heading.text()));
    label.getStyleClass().addAll("markdown-heading", "markdown-h" + heading.level());
    double size = switch (heading.level()) {
      case 1 -> 19;
      case 2 -> 16;
      case 3 -> 14;
      default -> 13;
    };
    label.setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.0fpx; -fx-font-weight: bold;", size));
    label.setWrapText(true);
    label.setMinHeight(Region.USE_PREF_SIZE);
    // headings open a section: more room above than below
    VBox.setMargin(label, new javafx.geometry.Insets(heading.level() <= 2 ? 8 : 4, 0, 0, 0));
    return label;
  }

  /** Text with its inline bold and code, wrapping to the width it is given. */
  static TextFlow flow(String text) {
    TextFlow flow = new TextFlow();
    flow.getStyleClass().add("markdown-paragraph");
    Matcher inline = INLINE.matcher(text);
    int from = 0;
    while (inline.find()) {
      if (inline.start() > from) {
        flow.getChildren().add(text(text.substring(from, inline.start()), ""));
      }
      flow.getChildren().add(inline.group(1) != null ? text(inline.group(1), "-fx-font-weight: bold;")
          : text(inline.group(2), "-fx-font-family: monospace;"));
      from = inline.end();
    }
    if (from < text.length()) {
      flow.getChildren().add(text(text.substring(from), ""));
    }
    flow.setMinHeight(Region.USE_PREF_SIZE);
    return flow;
  }

  private static Text text(String content, String style) {
    Text text = new Text(content);
    // Text is not themed like Label: take the theme's text colour
    text.setStyle("-fx-fill: -fx-text-base-color;" + style);
    return text;
  }

  private static Node bullets(Bullets bullets) {
    VBox list = new VBox(3);
    list.getStyleClass().add("markdown-bullets");
    for (String item : bullets.items()) {
      Label dot = new Label("•");
      dot.setMinWidth(Region.USE_PREF_SIZE);
      TextFlow flow = flow(item);
      HBox.setHgrow(flow, Priority.ALWAYS);
      HBox row = new HBox(6, dot, flow);
      row.setPadding(new javafx.geometry.Insets(0, 0, 0, 8));
      list.getChildren().add(row);
    }
    return list;
  }

  private static Node table(Table table) {
    GridPane grid = new GridPane();
    grid.getStyleClass().add(TABLE_CLASS);
    grid.setStyle("-fx-border-color: derive(-fx-base, -18%); -fx-border-width: 1 1 0 1;");
    for (int column = 0; column < table.header().size(); column++) {
      grid.add(cell(table.header().get(column), table.align().get(column), true), column, 0);
      for (int row = 0; row < table.rows().size(); row++) {
        grid.add(cell(table.rows().get(row).get(column), table.align().get(column), false), column, row + 1);
      }
    }
    grid.setMinWidth(Region.USE_PREF_SIZE);
    grid.setMaxWidth(Region.USE_PREF_SIZE);
    // a table wider than the page scrolls on its own, so the text around it still wraps to the page
    ScrollPane holder = new ScrollPane(grid);
    holder.getStyleClass().addAll("edge-to-edge", "markdown-table-holder");
    holder.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    holder.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
    holder.setMaxWidth(Region.USE_PREF_SIZE);
    holder.setMinWidth(0);
    DoubleBinding height = Bindings.createDoubleBinding(() -> grid.prefHeight(-1)
        + (grid.prefWidth(-1) > holder.getWidth() + 0.5 ? SCROLL_BAR_HEIGHT : 0),
        holder.widthProperty(), grid.layoutBoundsProperty());
    holder.minHeightProperty().bind(height);
    holder.prefHeightProperty().bind(height);
    holder.maxHeightProperty().bind(height);
    return holder;
  }

  private static Label cell(String text, Align align, boolean header) {
    Label cell = new Label(plain(text));
    cell.getStyleClass().add(header ? HEADER_CELL_CLASS : CELL_CLASS);
    boolean bold = text.startsWith("**") && text.endsWith("**");
    cell.setStyle(header ? HEADER_STYLE : bold ? CELL_STYLE + " -fx-font-weight: bold;" : CELL_STYLE);
    // a cell shows its whole value: the table scrolls instead of cutting it
    cell.setMinWidth(Region.USE_PREF_SIZE);
    cell.setMaxWidth(Double.MAX_VALUE);
    cell.setMaxHeight(Double.MAX_VALUE);
    cell.setAlignment(switch (align) {
      case LEFT -> Pos.CENTER_LEFT;
      case RIGHT -> Pos.CENTER_RIGHT;
      case CENTER -> Pos.CENTER;
    });
    GridPane.setHalignment(cell, switch (align) {
      case LEFT -> HPos.LEFT;
      case RIGHT -> HPos.RIGHT;
      case CENTER -> HPos.CENTER;
    });
    return cell;
  }

  private static Node picture(Picture picture, Function<String, Node> pictures) {
    Node node = pictures == null ? null : pictures.apply(picture.target());
    if (node != null) {
      return node;
    }
    Label missing = new Label("[" + (picture.alt().isEmpty() ? picture.target() : picture.alt()) + "]");
    missing.getStyleClass().add("summary-caption");
    return missing;
  }

  private static Node code(Code code) {
    Label label = new Label(code.text());
    label.getStyleClass().add("markdown-code");
    label.setStyle("-fx-font-family: monospace; -fx-padding: 6; -fx-background-color: derive(-fx-base, 6%);"
        + " -fx-border-color: derive(-fx-base, -15%);");
    label.setMinHeight(Region.USE_PREF_SIZE);
    label.setMinWidth(Region.USE_PREF_SIZE);
    return label;
  }
}
