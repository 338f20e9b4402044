package org.siamage.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.siamage.config.ModelConfig;
import org.siamage.train.loss.SiameseLoss;

/**
 * Throw-away measurement of training throughput and peak memory, run by hand:
 * {@code java -cp target/classes:target/test-classes:$(deps) org.siamage.model.TrainingSpeedBenchmark
 * [backbone] [inputSize] [batch] [iterations] [embedding] [width]}. Prints to stdout on purpose.
 */
public final class TrainingSpeedBenchmark {
  private TrainingSpeedBenchmark() {}

  public static void main(String[] args) throws IOException {
    String backbone = args.length > 0 ? args[0] : "reference-cnn";
    int inputSize = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    int embeddingSize = args.length > 4 ? Integer.parseInt(args[4]) : 64;
    int width = args.length > 5 ? Integer.parseInt(args[5]) : 16;
    ModelConfig model = new ModelConfig(backbone, width, embeddingSize, false);
    SiameseNetwork network =
        SiameseNetwork.create(model, inputSize, NetworkFixtures.TRAINING, SiameseLoss.fromConfig(NetworkFixtures.TRAINING));
    Random random = new Random(1);
    PairBatch[] batches = new PairBatch[4];
    for (int i = 0; i < batches.length; i++) {
      batches[i] = NetworkFixtures.brightnessBatch(random, batchSize, inputSize, false);
    }
    int warmup = 3;
    for (int i = 0; i < warmup; i++) {
      network.trainStep(batches[i % batches.length], 1e-3);
    }
    long start = System.nanoTime();
    double loss = 0;
    for (int i = 0; i < iterations; i++) {
      loss = network.trainStep(batches[i % batches.length], 1e-3).totalLoss();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%s %dpx batch %d: %.1f pairs/s (%.1f ms/step), last loss %.4f, params %d, %s%n",
        backbone, inputSize, batchSize, iterations * batchSize / seconds, 1000 * seconds / iterations, loss,
        network.trainableParameterCount(), peakMemory());
  }

  static String peakMemory() throws IOException {
    StringBuilder summary = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM") || line.startsWith("VmRSS")) {
        summary.append(line.replaceAll("\\s+", " ")).append("; ");
      }
    }
    return summary.toString();
  }
}
