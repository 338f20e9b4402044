package org.siamage.model.bundle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.siamage.config.ConfigDefaults;

/** Small, deterministic bundles for the tests. */
public final class BundleFixtures {
  private BundleFixtures() {}

  static Provenance provenance() {
    return new Provenance(
        "1.0.0-test",
        "17.0.99",
        "Linux 6.1 (amd64)",
        "ND4J CPU (test)",
        42L,
        "sample-faces",
        "a".repeat(64),
        "b".repeat(64),
        Instant.parse("2024-05-01T10:15:30Z"),
        Duration.ofSeconds(3723, 500_000_000),
        Map.of("testMae", "5.43", "genderAccuracy", "0.91"));
  }

  /** Three faces with 2-d embeddings. */
  static ReferenceGalleryData gallery() {
    return new ReferenceGalleryData(
        List.of("face-001.jpg", "face-002.jpg", "face-003.jpg"),
        new int[] {23, 41, 7},
        new byte[] {
          ReferenceGalleryData.FEMALE, ReferenceGalleryData.MALE, ReferenceGalleryData.UNKNOWN
        },
        new float[] {0.1f, -0.2f, 0.3f, 0.4f, Float.NaN, -0.0f},
        2);
  }

  /** A tiny network: a conv kernel, its bias and a dense layer, plus one optimiser tensor. */
  public static ModelBundle small() {
    List<NamedTensor> weights =
        List.of(
            NamedTensor.of("tower/conv1/W", values(3 * 3 * 1 * 4, 1), 3, 3, 1, 4),
            NamedTensor.of("tower/conv1/b", values(4, 2), 4),
            NamedTensor.of("dense.W", values(4 * 2, 3), 4, 2),
            NamedTensor.of("scale", new float[] {0.5f}));
    List<NamedTensor> optimizer = List.of(NamedTensor.of("adam/m/dense.W", values(8, 4), 4, 2));
    return new ModelBundle(
        ConfigDefaults.experiment(), weights, optimizer, gallery(), provenance());
  }

  /** A bundle with about {@code parameters} weights spread over several layers. */
  static ModelBundle withParameters(int parameters) {
    List<NamedTensor> weights = new ArrayList<>();
    int layers = 8;
    int perLayer = parameters / layers;
    for (int layer = 0; layer < layers; layer++) {
      weights.add(
          NamedTensor.of("layer" + layer + "/W", values(perLayer, layer), perLayer / 16, 16));
    }
    return new ModelBundle(
        ConfigDefaults.experiment(), weights, List.of(), gallery(), provenance());
  }

  static float[] values(int count, long seed) {
    Random random = new Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
