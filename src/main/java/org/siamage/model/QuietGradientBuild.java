package org.siamage.model;

import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SameDiff 1.0.0-M2.1 prints one "Added differentiated op" line per op to stdout while it builds the
 * gradient graph. This routes those lines to SLF4J at TRACE while the gradient graph is built.
 */
final class QuietGradientBuild {
  private static final Logger LOG = LoggerFactory.getLogger(QuietGradientBuild.class);
  private static final String NOISE = "Added differentiated op";

  private QuietGradientBuild() {}

  static synchronized void run(Runnable buildGradients) {
    PrintStream original = System.out;
    System.setOut(
        new PrintStream(original, true) {
          @Override
          public void println(String line) {
            if (line != null && line.startsWith(NOISE)) {
              LOG.trace(line);
            } else {
              super.println(line);
            }
          }
        });
    try {
      buildGradients.run();
    } finally {
      System.setOut(original);
    }
  }
}
