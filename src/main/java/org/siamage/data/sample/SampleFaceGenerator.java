package org.siamage.data.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.siamage.core.CancelledException;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Gender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Siamage's demo dataset of procedurally drawn faces, which shows no real person.
 *
 * <p>Layout of the folder it writes, readable as a {@code labels.csv} dataset:
 *
 * <pre>
 * images/face_0000.jpg ...   imageSize × imageSize RGB JPEG files
 * labels.csv                 header file,age,gender; one row per face in index order; gender F or M
 * README.md                  what the images are and how to regenerate them
 * </pre>
 *
 * <p>The output is a pure function of the {@link SampleFaceSpec} on a given JDK: every face draws
 * from its own {@link SplittableRandom} seeded from (seed, index), rendering is Java2D on a {@code
 * TYPE_INT_RGB} image, the JPEG writer runs with fixed settings and no metadata, and text files use
 * LF line endings.
 */
public final class SampleFaceGenerator {
  public static final String IMAGES_FOLDER = "images";
  public static final String LABELS_FILE = "labels.csv";
  public static final String README_FILE = "README.md";
  public static final String LABELS_HEADER = "file,age,gender";
  public static final String IMAGE_EXTENSION = "jpg";

  /** First line of the README; marks a folder as a generated sample set that may be replaced. */
  static final String README_TITLE = "# Siamage sample faces";

  /** JPEG quality in 0..1: high enough that wrinkles survive, low enough to keep the set small. */
  static final float JPEG_QUALITY = 0.90f;

  private static final Logger LOGGER = LoggerFactory.getLogger(SampleFaceGenerator.class);

  /**
   * Draws all faces of {@code spec} and replaces {@code outputFolder} with the new dataset. The
   * faces are written into a hidden temporary sibling folder that is moved into place only when
   * complete, so the target never holds a half-written dataset.
   *
   * @param outputFolder folder to create or replace; an existing folder must be empty or a sample
   *     set written earlier by this generator (its README says so), so no other data is ever lost
   * @param progress called once per written image with (done, spec.count())
   * @param stop checked before every face
   * @throws CancelledException when {@code stop} is requested; the target is left as it was
   * @throws UserFacingException when {@code outputFolder} is a file or a folder holding other data
   * @throws IOException when writing fails; the target is left as it was
   */
  public void generate(
      Path outputFolder, SampleFaceSpec spec, ProgressListener progress, StopToken stop)
      throws IOException {
    Path target = outputFolder.toAbsolutePath().normalize();
    checkReplaceable(target);
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".generating-");
    boolean moved = false;
    try {
      writeDataset(staging, spec, progress, stop);
      replaceFolder(staging, target);
      moved = true;
    } finally {
      if (!moved) {
        deleteRecursively(staging);
      }
    }
    LOGGER.info("Wrote {} sample faces to {}", spec.count(), target);
  }

  /**
   * Draws face number {@code index} of {@code spec} without writing anything, for previews.
   *
   * @param index 0 ≤ index &lt; spec.count()
   */
  public SampleFace drawFace(SampleFaceSpec spec, int index) {
    if (index < 0 || index >= spec.count()) {
      throw new IllegalArgumentException(
          "face index " + index + " outside 0.." + (spec.count() - 1));
    }
    SplittableRandom random = new SplittableRandom(faceSeed(spec.seed(), index));
    int age = spec.minAge() + random.nextInt(spec.maxAge() - spec.minAge() + 1);
    Gender gender = random.nextBoolean() ? Gender.FEMALE : Gender.MALE;
    return new SampleFace(
        imageFile(spec, index),
        age,
        gender,
        SampleFacePainter.paint(spec.imageSize(), age, gender, random));
  }

  /** Relative path of face {@code index}, zero-padded to at least four digits so names sort. */
  public static String imageFile(SampleFaceSpec spec, int index) {
    int digits = Math.max(4, Integer.toString(spec.count() - 1).length());
    return IMAGES_FOLDER
        + "/face_"
        + String.format(Locale.ROOT, "%0" + digits + "d", index)
        + "."
        + IMAGE_EXTENSION;
  }

  /** Seed of face {@code index}: a SplitMix64-style mix so neighbouring faces are unrelated. */
  static long faceSeed(long seed, int index) {
    long mixed = seed * 0x9E3779B97F4A7C15L + (index + 1L) * 0xD1B54A32D192ED03L;
    mixed = (mixed ^ (mixed >>> 31)) * 0x7FB5D329728EA185L;
    mixed = (mixed ^ (mixed >>> 27)) * 0x81DADEF4BC2DD44DL;
    return mixed ^ (mixed >>> 33);
  }

  private void writeDataset(
      Path folder, SampleFaceSpec spec, ProgressListener progress, StopToken stop)
      throws IOException {
    Files.createDirectories(folder.resolve(IMAGES_FOLDER));
    StringBuilder labels = new StringBuilder(LABELS_HEADER).append('\n');
    ImageWriter writer = jpegWriter();
    try {
      for (int index = 0; index < spec.count(); index++) {
        stop.throwIfStopped();
        SampleFace face = drawFace(spec, index);
        Files.write(folder.resolve(face.file()), encodeJpeg(writer, face));
        labels
            .append(face.file())
            .append(',')
            .append(face.age())
            .append(',')
            .append(face.gender().code())
            .append('\n');
        progress.onProgress(index + 1, spec.count(), "Drew sample face " + (index + 1));
      }
    } finally {
      writer.dispose();
    }
    Files.writeString(folder.resolve(LABELS_FILE), labels.toString(), StandardCharsets.UTF_8);
    Files.writeString(folder.resolve(README_FILE), readme(spec), StandardCharsets.UTF_8);
  }

  private static ImageWriter jpegWriter() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("This Java runtime has no JPEG image writer");
    }
    return writers.next();
  }

  private static byte[] encodeJpeg(ImageWriter writer, SampleFace face) throws IOException {
    ImageWriteParam parameters = writer.getDefaultWriteParam();
    parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    parameters.setCompressionQuality(JPEG_QUALITY);
    if (parameters instanceof JPEGImageWriteParam jpegParameters) {
      jpegParameters.setOptimizeHuffmanTables(true);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(face.image(), null, null), parameters);
      writer.reset();
    }
    return bytes.toByteArray();
  }

  static String readme(SampleFaceSpec spec) {
    return String.join(
        "\n",
        README_TITLE,
        "",
        "These " + spec.count() + " images are procedurally drawn by Siamage's sample face",
        "generator. They show no real person and were made from no photograph: every face is",
        "painted from geometric shapes whose proportions, wrinkles, hair colour, hairline, beard",
        "and lips depend on the age and gender label, with random skin tone, hair colour,",
        "background, pose, lighting and noise as nuisances.",
        "",
        "- Settings: seed "
            + spec.seed()
            + ", "
            + spec.count()
            + " faces of "
            + spec.imageSize()
            + "x"
            + spec.imageSize()
            + " pixels, ages "
            + spec.minAge()
            + " to "
            + spec.maxAge()
            + ".",
        "- `labels.csv`: columns `file,age,gender`; `file` is relative to this folder, age in"
            + " years, gender `F` or `M`.",
        "- Faces are frontal and roughly centred, for the pre-aligned preprocessing mode.",
        "",
        "Regenerate with `siamage sample-data generate` (same settings). The output is bit-for-bit",
        "identical on the same JDK, since every face draws from a random stream seeded from",
        "(seed, face index).",
        "");
  }

  private static void checkReplaceable(Path target) throws IOException {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new UserFacingException(
          "Cannot write sample faces to " + target + ": it is a file, not a folder");
    }
    Path readme = target.resolve(README_FILE);
    boolean generatedBefore = Files.isRegularFile(readme) && firstLine(readme).equals(README_TITLE);
    if (!generatedBefore && !isEmptyFolder(target)) {
      throw new UserFacingException(
          "Cannot write sample faces to "
              + target
              + ": the folder holds other files and is not a sample set written by Siamage;"
              + " choose a new or empty folder");
    }
  }

  private static String firstLine(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.findFirst().orElse("");
    }
  }

  private static boolean isEmptyFolder(Path folder) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      return !entries.iterator().hasNext();
    }
  }

  /** Moves the finished staging folder into place, keeping the old target until that succeeds. */
  private static void replaceFolder(Path staging, Path target) throws IOException {
    if (!Files.exists(target)) {
      move(staging, target);
      return;
    }
    Path backup =
        Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
    Files.delete(backup);
    move(target, backup);
    try {
      move(staging, target);
    } catch (IOException e) {
      move(backup, target);
      throw e;
    }
    deleteRecursively(backup);
  }

  private static void move(Path source, Path destination) throws IOException {
    try {
      Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      LOGGER.debug("Atomic move of {} not supported, moving plainly", source, e);
      Files.move(source, destination);
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(folder)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.deleteIfExists(path);
    }
  }
}
