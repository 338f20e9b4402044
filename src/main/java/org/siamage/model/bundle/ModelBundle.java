package org.siamage.model.bundle;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.siamage.config.ExperimentConfig;

/**
 * Everything a trained model needs to be used later, saved as one {@code .siamage} file by {@link
 * ModelBundleWriter} and read back by {@link ModelBundleReader}. The layout is described in {@code
 * docs/bundle-format.md}.
 *
 * @param formatVersion version of the file layout, 1 ≤ formatVersion ≤ {@link
 *     #CURRENT_FORMAT_VERSION}
 * @param config the experiment config, including the preprocessing settings the model expects
 * @param tensors network weights in the order the network declares them; names unique
 * @param optimizerState optimiser state tensors (for example Adam moments) to resume training, in
 *     order, names unique; empty when not saved
 * @param gallery the reference gallery, possibly {@linkplain ReferenceGalleryData#empty empty}
 * @param provenance where the model came from
 */
public record ModelBundle(
    int formatVersion,
    ExperimentConfig config,
    List<NamedTensor> tensors,
    List<NamedTensor> optimizerState,
    ReferenceGalleryData gallery,
    Provenance provenance) {
  /** The format version this code writes and the newest it reads. */
  public static final int CURRENT_FORMAT_VERSION = 1;

  /** File name extension of model bundles, with the dot. */
  public static final String FILE_EXTENSION = ".siamage";

  public ModelBundle {
    if (formatVersion < 1 || formatVersion > CURRENT_FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "format version must be between 1 and "
              + CURRENT_FORMAT_VERSION
              + ", was "
              + formatVersion);
    }
    Objects.requireNonNull(config, "config");
    tensors = List.copyOf(Objects.requireNonNull(tensors, "tensors"));
    optimizerState = List.copyOf(Objects.requireNonNull(optimizerState, "optimizerState"));
    Objects.requireNonNull(gallery, "gallery");
    Objects.requireNonNull(provenance, "provenance");
    requireUniqueNames(tensors, "weight");
    requireUniqueNames(optimizerState, "optimiser state");
  }

  /** A bundle in the current format version. */
  public ModelBundle(
      ExperimentConfig config,
      List<NamedTensor> tensors,
      List<NamedTensor> optimizerState,
      ReferenceGalleryData gallery,
      Provenance provenance) {
    this(CURRENT_FORMAT_VERSION, config, tensors, optimizerState, gallery, provenance);
  }

  /** The weight tensor called {@code name}, if present. */
  public Optional<NamedTensor> tensor(String name) {
    return tensors.stream().filter(tensor -> tensor.name().equals(name)).findFirst();
  }

  /** Total number of weight values (the model's parameter count). */
  public long parameterCount() {
    return tensors.stream().mapToLong(NamedTensor::size).sum();
  }

  private static void requireUniqueNames(List<NamedTensor> list, String kind) {
    Set<String> seen = new HashSet<>();
    for (NamedTensor tensor : list) {
      if (!seen.add(tensor.name())) {
        throw new IllegalArgumentException("duplicate " + kind + " tensor name " + tensor.name());
      }
    }
  }
}
