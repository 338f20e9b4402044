package org.siamage.ui;

import java.nio.file.Path;
import java.util.Optional;
import org.siamage.service.DatasetService;
import org.siamage.service.WarmupService;

/**
 * The services the desktop application needs, handed in by the composition root.
 *
 * @param sampleDataset the bundled sample dataset, when it was found beside the program
 */
public record DesktopServices(
    WarmupService warmupService, DatasetService datasetService, Optional<Path> sampleDataset) {}
