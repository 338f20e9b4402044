package org.siamage.train;

import java.nio.file.Path;

/**
 * Layout of a run folder: everything needed to understand, reproduce and resume a run.
 *
 * <pre>
 * config.json        the experiment, exactly as trained
 * split.json         the split (with its hash)
 * provenance.json    app, Java, OS, backend, seed, dataset and split hashes, times
 * metrics.jsonl      one JSON object per iteration and per epoch
 * checkpoints/       epoch-NNNN.siamage (the last two are kept) and best.siamage
 * model.siamage      the final model bundle (best validation epoch, with its reference gallery)
 * reports/test/      evaluation on the test split (report.json, predictions.csv, report.md)
 * reports/NAME/      further evaluations of the model (same three files)
 * outcome.json       how the run last ended (status, message); absent while it runs or after a crash
 * </pre>
 */
public record RunFolder(Path root) {
  public Path config() {
    return root.resolve("config.json");
  }

  public Path split() {
    return root.resolve("split.json");
  }

  public Path provenance() {
    return root.resolve("provenance.json");
  }

  public Path metrics() {
    return root.resolve("metrics.jsonl");
  }

  /** Per-epoch embeddings of the probe faces (see {@link ProbeEmbeddings}). */
  public Path probes() {
    return root.resolve("probes");
  }

  public Path checkpoints() {
    return root.resolve("checkpoints");
  }

  public Path bestCheckpoint() {
    return checkpoints().resolve("best.siamage");
  }

  public Path model() {
    return root.resolve("model.siamage");
  }

  public Path testReport() {
    return reports().resolve("test");
  }

  /** One sub-folder per evaluation of the run's model. */
  public Path reports() {
    return root.resolve("reports");
  }

  public Path outcome() {
    return root.resolve("outcome.json");
  }
}
