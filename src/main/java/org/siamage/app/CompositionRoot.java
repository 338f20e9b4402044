package org.siamage.app;

import java.util.List;
import org.siamage.cli.SiamageCli;
import org.siamage.service.WarmupService;

/** Builds every service once and hands them to the command line and the desktop application. */
final class CompositionRoot {
  private final WarmupService warmupService = new WarmupService();

  SiamageCli commandLine() {
    return new SiamageCli(List.of());
  }

  void startDesktop() {
    throw new UnsupportedOperationException("desktop not wired yet");
  }
}
