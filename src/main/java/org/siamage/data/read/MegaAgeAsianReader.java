package org.siamage.data.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.siamage.core.ProgressListener;
import org.siamage.core.StopToken;
import org.siamage.core.UserFacingException;
import org.siamage.data.Dataset;
import org.siamage.data.DatasetFormat;
import org.siamage.data.FaceRecord;
import org.siamage.data.Gender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the MegaAge-Asian release: {@code list/train_name.txt} and {@code list/train_age.txt}
 * (line-aligned image names and ages, images in {@code train/}), and the same for {@code test}. The
 * release has no gender, so it is unknown. The official part of each face goes into {@link
 * Dataset#officialSplit()} as "train" or "test".
 */
public final class MegaAgeAsianReader implements DatasetReader {
  /** The official parts, each with its name list, age list and image folder. */
  public static final List<String> PARTS = List.of("train", "test");

  static final String LIST_FOLDER = "list";
  private static final int PROGRESS_EVERY = 500;
  private static final Logger LOG = LoggerFactory.getLogger(MegaAgeAsianReader.class);

  @Override
  public DatasetFormat format() {
    return DatasetFormat.MEGAAGE_ASIAN;
  }

  @Override
  public boolean canRead(Path path) {
    if (!Files.isDirectory(path)) {
      return false;
    }
    for (String part : PARTS) {
      if (!Files.isRegularFile(nameList(path, part)) || !Files.isRegularFile(ageList(path, part))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Dataset read(Path path, ProgressListener progress, StopToken stop) {
    ReaderPaths.requireReadable(path);
    if (!Files.isDirectory(path)) {
      throw new UserFacingException(
          "'"
              + path
              + "' is not a folder: MegaAge-Asian is read from "
              + "the folder holding list/, train/ and test/");
    }
    DatasetAssembly assembly = new DatasetAssembly(path);
    Map<String, List<String>> names = new HashMap<>();
    Map<String, List<String>> ages = new HashMap<>();
    long total = 0;
    for (String part : PARTS) {
      names.put(part, readList(nameList(assembly.root(), part)));
      ages.put(part, readList(ageList(assembly.root(), part)));
      total += Math.max(names.get(part).size(), ages.get(part).size());
    }
    long done = 0;
    for (String part : PARTS) {
      done = readPart(assembly, part, names.get(part), ages.get(part), done, total, progress, stop);
    }
    progress.onProgress(total, total, "Checked " + total + " listed images");
    Dataset dataset = assembly.build(format());
    LOG.info(
        "Read {} MegaAge-Asian faces from {} ({} skipped)",
        dataset.size(),
        path,
        dataset.skipped().size());
    return dataset;
  }

  private long readPart(
      DatasetAssembly assembly,
      String part,
      List<String> names,
      List<String> ages,
      long done,
      long total,
      ProgressListener progress,
      StopToken stop) {
    Path imageFolder = assembly.root().resolve(part);
    String nameLocation = LIST_FOLDER + "/" + part + "_name.txt";
    String ageLocation = LIST_FOLDER + "/" + part + "_age.txt";
    Map<String, Integer> firstLineOfId = new HashMap<>();
    int lines = Math.max(names.size(), ages.size());
    for (int index = 0; index < lines; index++, done++) {
      if (done % PROGRESS_EVERY == 0) {
        stop.throwIfStopped();
        progress.onProgress(done, total, "Checking MegaAge-Asian " + part + " images");
      }
      int lineNumber = index + 1;
      String name = index < names.size() ? names.get(index).trim() : "";
      String age = index < ages.size() ? ages.get(index).trim() : "";
      if (name.isEmpty() && age.isEmpty()) {
        continue;
      }
      if (index >= names.size()) {
        assembly.skip(
            ageLocation + ":" + lineNumber,
            "age '"
                + age
                + "' has no image name: "
                + nameLocation
                + " has only "
                + names.size()
                + " lines");
        continue;
      }
      if (index >= ages.size()) {
        assembly.skip(
            nameLocation + ":" + lineNumber,
            "no age for '" + name + "': " + ageLocation + " has only " + ages.size() + " lines");
        continue;
      }
      try {
        DatasetAssembly.ListedImage listed = assembly.resolveListed(imageFolder, name);
        if (!listed.image().startsWith(imageFolder)) {
          throw new BadValueException("path '" + name + "' escapes the " + part + "/ folder");
        }
        Integer firstLine = firstLineOfId.putIfAbsent(listed.id(), lineNumber);
        if (firstLine != null) {
          throw new BadValueException(
              "'" + listed.id() + "' is listed again: duplicate of line " + firstLine);
        }
        int ageYears;
        try {
          ageYears = AgeValues.parse(age);
        } catch (BadValueException e) {
          assembly.skip(ageLocation + ":" + lineNumber, e.reason() + " (for '" + name + "')");
          continue;
        }
        DatasetAssembly.checkImageFile(listed.image(), listed.id());
        assembly.add(new FaceRecord(listed.id(), listed.image(), ageYears, Gender.UNKNOWN, ""));
        assembly.putOfficialPart(listed.id(), part);
      } catch (BadValueException e) {
        assembly.skip(nameLocation + ":" + lineNumber, e.reason());
      }
    }
    return done;
  }

  private static List<String> readList(Path list) {
    if (!Files.isRegularFile(list)) {
      throw new UserFacingException(
          "MegaAge-Asian list '"
              + list
              + "' is missing: the folder needs list/train_name.txt, "
              + "list/train_age.txt, list/test_name.txt and list/test_age.txt");
    }
    try {
      return CsvLines.readLines(list);
    } catch (IOException e) {
      throw new UserFacingException("Cannot read '" + list + "': " + e.getMessage(), e);
    }
  }

  private static Path nameList(Path root, String part) {
    return root.resolve(LIST_FOLDER).resolve(part + "_name.txt");
  }

  private static Path ageList(Path root, String part) {
    return root.resolve(LIST_FOLDER).resolve(part + "_age.txt");
  }
}
