package org.siamage.ui.embeddings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.siamage.data.Gender;
import org.siamage.service.AgeColourMap;
import org.siamage.service.ProjectionService;

/**
 * What the Embeddings perspective shows, without JavaFX: the projected faces, how they are coloured
 * and filtered, and the numbers of a lasso selection. Lives on the FX thread.
 */
final class EmbeddingsViewModel {
  /** What the colour of a point says. */
  enum ColourBy {
    TRUE_AGE("true age"),
    PREDICTED_AGE("predicted age"),
    ABSOLUTE_ERROR("absolute error");

    private final String label;

    ColourBy(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** Filters on the points shown. */
  record Filter(int minimumAge, int maximumAge, Gender gender, String split, String search) {
    static Filter all() {
      return new Filter(0, 200, null, "", "");
    }

    boolean accepts(ProjectionService.EmbeddedFaces faces, int i) {
      int age = faces.ages()[i];
      if (age < minimumAge || age > maximumAge) {
        return false;
      }
      if (gender != null && faces.genders()[i] != gender) {
        return false;
      }
      return split.isEmpty() || split.equals(faces.splits()[i]);
    }
  }

  private ProjectionService.ProjectedFaces projected;
  private double[] coordinates = new double[0];
  private ColourBy colourBy = ColourBy.TRUE_AGE;
  private Filter filter = Filter.all();

  void show(ProjectionService.ProjectedFaces result) {
    projected = result;
    coordinates = result.projection().coordinates();
  }

  /** An intermediate layout of the current faces (animation). */
  void moveTo(double[] layout) {
    coordinates = layout;
  }

  ProjectionService.ProjectedFaces projected() {
    return projected;
  }

  ProjectionService.EmbeddedFaces faces() {
    return projected == null ? null : projected.faces();
  }

  double[] coordinates() {
    return coordinates;
  }

  void colourBy(ColourBy by) {
    colourBy = by;
  }

  ColourBy colourBy() {
    return colourBy;
  }

  void filter(Filter next) {
    filter = next;
  }

  /** The range the colour bar spans: [min, max] of the coloured quantity. */
  double[] colourRange() {
    ProjectionService.EmbeddedFaces faces = faces();
    if (faces == null || faces.size() == 0) {
      return new double[] {0, 1};
    }
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < faces.size(); i++) {
      double value = value(faces, i);
      if (!Double.isNaN(value)) {
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    }
    if (low == Double.POSITIVE_INFINITY) {
      return new double[] {0, 1};
    }
    if (colourBy == ColourBy.ABSOLUTE_ERROR) {
      low = 0;
    }
    return new double[] {low, Math.max(high, low + 1)};
  }

  private double value(ProjectionService.EmbeddedFaces faces, int i) {
    return switch (colourBy) {
      case TRUE_AGE -> faces.ages()[i];
      case PREDICTED_AGE -> faces.predictedAges()[i];
      case ABSOLUTE_ERROR -> Math.abs(faces.predictedAges()[i] - faces.ages()[i]);
    };
  }

  /** ARGB colour of each point. */
  int[] colours() {
    ProjectionService.EmbeddedFaces faces = faces();
    int n = faces == null ? 0 : faces.size();
    int[] argb = new int[n];
    double[] range = colourRange();
    for (int i = 0; i < n; i++) {
      argb[i] = 0xff000000 | AgeColourMap.rgb((value(faces, i) - range[0]) / (range[1] - range[0]));
    }
    return argb;
  }

  /** Marker per point: circle female, square male, triangle unknown. */
  byte[] markers() {
    ProjectionService.EmbeddedFaces faces = faces();
    int n = faces == null ? 0 : faces.size();
    byte[] markers = new byte[n];
    for (int i = 0; i < n; i++) {
      markers[i] = switch (faces.genders()[i]) {
        case FEMALE -> ScatterCanvas.CIRCLE;
        case MALE -> ScatterCanvas.SQUARE;
        default -> ScatterCanvas.TRIANGLE;
      };
    }
    return markers;
  }

  /**
   * The marker legend for the faces shown: female and male, and "unknown" only when some face has
   * no gender label (a dataset without one has no triangles to explain).
   */
  String markerLegend() {
    ProjectionService.EmbeddedFaces faces = faces();
    boolean unknown = false;
    for (int i = 0; faces != null && i < faces.size() && !unknown; i++) {
      org.siamage.data.Gender gender = faces.genders()[i];
      unknown = gender != org.siamage.data.Gender.FEMALE && gender != org.siamage.data.Gender.MALE;
    }
    return unknown ? "● female  ■ male  ▲ unknown" : "● female  ■ male";
  }

  boolean[] visible() {
    ProjectionService.EmbeddedFaces faces = faces();
    int n = faces == null ? 0 : faces.size();
    boolean[] shown = new boolean[n];
    for (int i = 0; i < n; i++) {
      shown[i] = filter.accepts(faces, i);
    }
    return shown;
  }

  /** Points whose file name contains the search text (case-insensitive); none for an empty search. */
  boolean[] searchMatches() {
    ProjectionService.EmbeddedFaces faces = faces();
    int n = faces == null ? 0 : faces.size();
    boolean[] matches = new boolean[n];
    String needle = filter.search().trim().toLowerCase(Locale.ROOT);
    if (needle.isEmpty()) {
      return matches;
    }
    for (int i = 0; i < n; i++) {
      matches[i] = faces.ids().get(i).toLowerCase(Locale.ROOT).contains(needle);
    }
    return matches;
  }

  int visibleCount() {
    int count = 0;
    for (boolean shown : visible()) {
      if (shown) {
        count++;
      }
    }
    return count;
  }

  /** "12 faces · mean age 34.2 · spread (SD) 8.1 years" for a lasso selection. */
  String describeGroup(int[] indices) {
    ProjectionService.EmbeddedFaces faces = faces();
    if (faces == null || indices.length == 0) {
      return "no faces in the lasso";
    }
    double sum = 0;
    for (int i : indices) {
      sum += faces.ages()[i];
    }
    double mean = sum / indices.length;
    double squares = 0;
    int female = 0;
    for (int i : indices) {
      squares += (faces.ages()[i] - mean) * (faces.ages()[i] - mean);
      if (faces.genders()[i] == Gender.FEMALE) {
        female++;
      }
    }
    return String.format(Locale.ROOT, "%d faces · mean age %.1f · spread (SD) %.1f years · %d female",
        indices.length, mean, Math.sqrt(squares / indices.length), female);
  }

  /** What a hovered or selected face is: "images/face_12.jpg: age 34 (predicted 31.5), female, test". */
  String describeFace(int i) {
    ProjectionService.EmbeddedFaces faces = faces();
    double predicted = faces.predictedAges()[i];
    String gender = switch (faces.genders()[i]) {
      case FEMALE -> "female";
      case MALE -> "male";
      default -> "gender unknown";
    };
    return faces.ids().get(i) + "\nage " + faces.ages()[i]
        + (Double.isNaN(predicted) ? "" : String.format(Locale.ROOT, " (predicted %.1f)", predicted)) + ", " + gender
        + (faces.splits()[i].isEmpty() ? "" : ", " + faces.splits()[i]);
  }

  Path image(int i) {
    return faces().images().get(i);
  }

  /**
   * The count line: faces shown of those embedded, and how those relate to the dataset.
   *
   * @param available the dataset's usable faces, or -1 when unknown (Max faces held some back)
   * @param matches faces matching the search, or -1 without a search
   * @param fromDataset whether the map is a projection of the open dataset (not a run's drift)
   */
  static String countText(int visible, int embedded, int available, int matches, boolean fromDataset) {
    String dataset = !fromDataset ? "" : " · the dataset has " + (available >= 0 ? available : "more");
    return visible + " of " + embedded + " faces shown" + dataset
        + (matches < 0 ? "" : " · " + matches + " match the search");
  }

  List<String> splits() {
    List<String> present = new ArrayList<>();
    ProjectionService.EmbeddedFaces faces = faces();
    if (faces != null) {
      for (String split : faces.splits()) {
        if (!split.isEmpty() && !present.contains(split)) {
          present.add(split);
        }
      }
    }
    return present;
  }
}
