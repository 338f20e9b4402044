package org.siamage.ui.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.siamage.ui.UiTestSupport;
import org.siamage.ui.results.MarkdownReport.Align;
import org.siamage.ui.results.MarkdownReport.Block;
import org.siamage.ui.results.MarkdownReport.Bullets;
import org.siamage.ui.results.MarkdownReport.Heading;
import org.siamage.ui.results.MarkdownReport.Paragraph;
import org.siamage.ui.results.MarkdownReport.Picture;
import org.siamage.ui.results.MarkdownReport.Table;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Markdown subset the app writes, parsed into blocks and laid out as nodes. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class MarkdownReportTest {
  /** As EvaluationReportWriter and PaperTables write it. */
  static final String REPORT = """
      # Evaluation: test

      Split: test (split 4ec790a1acd8)

      | faces | MAE (years) | CS(3) | CS(5) | gender accuracy |
      |---|---:|---:|---:|---:|
      | 8 | 20.22 | 0.0 % | 0.0 % | 37.5 % (8 faces) |

      Mean error (bias): -5.03 years.
      Mean-age baseline: always predicting the training mean of 38.0 years gives **MAE 20.88** years.

      ## Cumulative score

      | T (years) | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |
      |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
      | CS(T) | 0.0 % | 0.0 % | 0.0 % | 0.0 % | 0.0 % | 0.0 % | 0.0 % | 0.0 % | 37.5 % | 37.5 % | 37.5 % |

      ## Charts

      ### MAE per age band

      ![MAE per age band](evaluation-test-mae-per-age-band.png)

      ## Paper tables

      ### Loss comparison

      - measured on **faces**, 40 faces
      - second item
        continued

      | loss | MAE | note |
      |---|---:|---|
      | revised \\| contrastive | 6.13 |
      """;

  private VBox rendered;

  @Start
  void start(Stage stage) {
    rendered = MarkdownReport.render(MarkdownReport.parse(REPORT), target -> target.endsWith("age-band.png")
        ? new Label("picture " + target) : null);
    rendered.setId("rendered");
    ScrollPane scroll = new ScrollPane(rendered);
    scroll.setFitToWidth(true);
    stage.setScene(new Scene(scroll, 640, 720));
    stage.show();
  }

  @Test
  void parsesHeadingsParagraphsListsTablesAndPictures() {
    List<Block> blocks = MarkdownReport.parse(REPORT);
    assertThat(blocks.get(0)).isEqualTo(new Heading(1, "Evaluation: test"));
    assertThat(blocks.get(1)).isEqualTo(new Paragraph("Split: test (split 4ec790a1acd8)"));
    Table headline = (Table) blocks.get(2);
    assertThat(headline.header()).containsExactly("faces", "MAE (years)", "CS(3)", "CS(5)", "gender accuracy");
    assertThat(headline.align()).containsExactly(Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.RIGHT);
    assertThat(headline.rows()).containsExactly(List.of("8", "20.22", "0.0 %", "0.0 %", "37.5 % (8 faces)"));
    // consecutive lines are one paragraph, as Markdown reads them
    assertThat(blocks.get(3)).isEqualTo(new Paragraph("Mean error (bias): -5.03 years. Mean-age baseline: always"
        + " predicting the training mean of 38.0 years gives **MAE 20.88** years."));
    assertThat(blocks.get(4)).isEqualTo(new Heading(2, "Cumulative score"));
    Table curve = (Table) blocks.get(5);
    assertThat(curve.header()).hasSize(12).startsWith("T (years)", "0").endsWith("10");
    assertThat(curve.rows().get(0)).hasSize(12).endsWith("37.5 %");
    assertThat(blocks).contains(new Heading(3, "MAE per age band"),
        new Picture("MAE per age band", "evaluation-test-mae-per-age-band.png"));
    assertThat(blocks).contains(new Bullets(List.of("measured on **faces**, 40 faces", "second item continued")));
    Table losses = (Table) blocks.get(blocks.size() - 1);
    // an escaped pipe stays in its cell; a short row is padded to the header's columns
    assertThat(losses.rows()).containsExactly(List.of("revised | contrastive", "6.13", ""));
  }

  @Test
  void textWithoutTableSyntaxStaysText() {
    assertThat(MarkdownReport.parse("a | b\nnot a table")).containsExactly(new Paragraph("a | b not a table"));
    assertThat(MarkdownReport.parse("| a | b |\n| c | d |")).containsExactly(new Paragraph("| a | b | | c | d |"));
    assertThat(MarkdownReport.cells("| x \\| y | z |")).containsExactly("x | y", "z");
    assertThat(MarkdownReport.plain("**bold** and `code`")).isEqualTo("bold and code");
  }

  @Test
  void aTableBecomesAGridWithItsCellsInPlace(FxRobot robot) throws Exception {
    List<GridPane> tables = robot.lookup(".markdown-table").queryAllAs(GridPane.class).stream().toList();
    assertThat(tables).hasSize(3);
    GridPane headline = tables.stream().min(Comparator.comparingDouble(t -> t.localToScene(0, 0).getY()))
        .orElseThrow();
    assertThat(row(headline, 0)).containsExactly("faces", "MAE (years)", "CS(3)", "CS(5)", "gender accuracy");
    assertThat(row(headline, 1)).containsExactly("8", "20.22", "0.0 %", "0.0 %", "37.5 % (8 faces)");
    Label header = cell(headline, 0, 0);
    assertThat(header.getStyleClass()).contains(MarkdownReport.HEADER_CELL_CLASS);
    assertThat(cell(headline, 1, 1).getAlignment()).isEqualTo(Pos.CENTER_RIGHT);
    assertThat(cell(headline, 1, 0).getAlignment()).isEqualTo(Pos.CENTER_LEFT);
    // every cell shows its whole value (the wide table scrolls instead)
    for (GridPane table : tables) {
      for (Node node : table.getChildren()) {
        Label cell = (Label) node;
        assertThat(cell.getWidth()).as(cell.getText()).isGreaterThanOrEqualTo(cell.prefWidth(-1) - 0.5);
      }
    }
    assertThat(robot.lookup(".markdown-h1").queryAs(Label.class).getText()).isEqualTo("Evaluation: test");
    // bold inline text is bold, the rest plain
    TextFlow paragraph = robot.lookup(".markdown-paragraph").queryAllAs(TextFlow.class).stream()
        .filter(flow -> flow.getChildren().size() == 3).findFirst().orElseThrow();
    Text bold = (Text) paragraph.getChildren().get(1);
    assertThat(bold.getText()).isEqualTo("MAE 20.88");
    assertThat(bold.getStyle()).contains("-fx-font-weight: bold");
    assertThat(((Text) paragraph.getChildren().get(0)).getStyle()).doesNotContain("bold");
    assertThat(robot.lookup(".label").queryAllAs(Label.class)).extracting(Label::getText)
        .contains("picture evaluation-test-mae-per-age-band.png");
    UiTestSupport.screenshot(rendered.getScene(), "markdown-report");
  }

  private static Label cell(GridPane table, int row, int column) {
    return (Label) table.getChildren().stream()
        .filter(node -> GridPane.getRowIndex(node) == row && GridPane.getColumnIndex(node) == column)
        .findFirst().orElseThrow();
  }

  private static List<String> row(GridPane table, int row) {
    return table.getChildren().stream().filter(node -> GridPane.getRowIndex(node) == row)
        .sorted(Comparator.comparingInt(GridPane::getColumnIndex)).map(node -> ((Label) node).getText()).toList();
  }
}
