package org.siamage.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.siamage.core.AtomicFiles;
import org.siamage.model.FaceEmbedder;
import org.siamage.model.bundle.TensorFiles;

/**
 * The embeddings of a fixed set of validation faces (the probes: the first {@value #PROBES} of the
 * validation part), kept for every epoch in the run folder's {@code probes/}: {@code faces.json}
 * (ids, ages and genders of the probes, in row order) and {@code epoch-NNNN.tensor} ({@code [probes,
 * E]}, the bundle's tensor layout). A few hundred kilobytes an epoch, unlike a checkpoint, so the
 * Embeddings perspective's drift view can show how the space formed, epoch by epoch.
 */
public final class ProbeEmbeddings {
  /** Validation faces kept per epoch. */
  public static final int PROBES = 256;
  static final String FACES_FILE = "faces.json";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** One epoch's probe embeddings. */
  public record Epoch(int epoch, Path file) {}

  private ProbeEmbeddings() {}

  /** Writes the probes' embeddings of a finished epoch (0-based). */
  static void write(RunFolder folder, TrainingData data, int epoch, FaceEmbedder.Embedded validation) {
    int probes = Math.min(PROBES, validation.size());
    Path directory = folder.probes();
    try {
      Files.createDirectories(directory);
      Path faces = directory.resolve(FACES_FILE);
      if (!Files.exists(faces)) {
        com.fasterxml.jackson.databind.node.ObjectNode root = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode ids = root.putArray("ids");
        com.fasterxml.jackson.databind.node.ArrayNode ages = root.putArray("ages");
        com.fasterxml.jackson.databind.node.ArrayNode genders = root.putArray("genders");
        for (int i = 0; i < probes; i++) {
          int face = data.validation()[i];
          ids.add(data.id(face));
          ages.add(data.ages()[face]);
          genders.add(data.genders()[face].code());
        }
        AtomicFiles.writeString(faces, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
      }
      float[] values = new float[probes * validation.dimension()];
      System.arraycopy(validation.embeddings(), 0, values, 0, values.length);
      TensorFiles.write(epochFile(directory, epoch), new long[] {probes, validation.dimension()}, values);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the probe embeddings of epoch " + (epoch + 1) + " into "
          + directory, e);
    }
  }

  /** The epochs of a run folder that have probe embeddings, in epoch order (empty when none). */
  public static List<Epoch> epochs(Path runFolder) throws IOException {
    Path directory = new RunFolder(runFolder).probes();
    List<Epoch> epochs = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return epochs;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "epoch-*.tensor")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        try {
          epochs.add(new Epoch(Integer.parseInt(name.substring(6, name.length() - 7)) - 1, file));
        } catch (NumberFormatException e) {
          // not one of ours: ignored
        }
      }
    }
    epochs.sort((a, b) -> Integer.compare(a.epoch(), b.epoch()));
    return epochs;
  }

  /** The probes' face ids, in row order. */
  public static List<String> faceIds(Path runFolder) throws IOException {
    List<String> ids = new ArrayList<>();
    JSON.readTree(new RunFolder(runFolder).probes().resolve(FACES_FILE).toFile()).path("ids")
        .forEach(id -> ids.add(id.asText()));
    return ids;
  }

  static Path epochFile(Path directory, int epoch) {
    return directory.resolve(String.format(Locale.ROOT, "epoch-%04d.tensor", epoch + 1));
  }
}
