package org.siamage.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.siamage.core.Hashing;
import org.siamage.core.UserFacingException;
import org.siamage.infer.FaceModel;

/**
 * The models loaded in this JVM, one per bundle content: an executor runs many tasks one after
 * another and several at once, and all of them share one loaded model (its forward passes are
 * serialised inside the network; decoding and detection run on the task's own threads).
 *
 * <p>Keyed by the bundle's SHA-256, which the driver computes once, so the copy Spark ships to an
 * executor is checked against the file the driver checked.
 */
final class ExecutorModels {
  private static final Map<String, FaceModel> LOADED = new HashMap<>();
  private static int loads;

  private ExecutorModels() {}

  /**
   * The model with this content, loaded from {@code file} on first use in this JVM.
   *
   * @throws UserFacingException when the file's content is not the one the driver checked
   */
  static synchronized FaceModel get(String sha256, Path file) {
    FaceModel model = LOADED.get(sha256);
    if (model != null) {
      return model;
    }
    String actual = sha256Of(file);
    if (!actual.equals(sha256)) {
      throw new UserFacingException("The model copy " + file + " differs from the bundle the driver checked"
          + " (SHA-256 " + actual + ", expected " + sha256 + ")");
    }
    return load(sha256, file);
  }

  /**
   * The driver's check of the bundle whose hash it has just taken, as the CLI checks it: loaded once
   * per JVM, and kept, since in local mode the executors are this JVM.
   */
  static synchronized FaceModel checkOnDriver(String sha256, Path file) {
    FaceModel model = LOADED.get(sha256);
    return model != null ? model : load(sha256, file);
  }

  private static FaceModel load(String sha256, Path file) {
    FaceModel model = FaceModel.load(file);
    LOADED.put(sha256, model);
    loads++;
    return model;
  }

  /** How many bundles this JVM has loaded so far (a test checks that tasks share one). */
  static synchronized int loads() {
    return loads;
  }

  /** Forgets every model (tests that count loads start from nothing). */
  static synchronized void clear() {
    LOADED.clear();
    loads = 0;
  }

  static String sha256Of(Path file) {
    try {
      return Hashing.sha256(file);
    } catch (IOException e) {
      throw new UserFacingException("Cannot read the model " + file + ": " + e.getMessage(), e);
    }
  }
}
