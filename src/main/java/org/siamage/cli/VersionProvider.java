package org.siamage.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar manifest (or "development" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {
      "Siamage " + (version == null ? "development build" : version),
      "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")
          + " " + System.getProperty("os.arch")
    };
  }
}
