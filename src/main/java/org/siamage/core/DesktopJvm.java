package org.siamage.core;

import java.util.List;

/**
 * The JVM options the desktop application runs with: {@code mvn javafx:run} passes them (see the
 * javafx-maven-plugin in {@code pom.xml}) and the README gives them for {@code java -jar}. Benchmarks
 * of what runs inside the window (the live webcam pipeline) start a child JVM with these options,
 * so they measure what an operator gets.
 *
 * <ul>
 *   <li>{@code -XX:+UseZGC}: concurrent collections keep the window responsive while a model
 *       trains (ADR 0008).
 *   <li>{@code -Xmx3g}: room for large datasets in the Data and Embeddings perspectives.
 *   <li>{@code -XX:SoftMaxHeapSize=512m}: SameDiff allocates about 3.4 MB of short-lived Java
 *       objects per forward pass. Without a soft bound ZGC lets the heap fill most of its 3 GB
 *       before collecting, and the live pipeline's proportional memory climbs to about 4 GB;
 *       with it ZGC collects to stay near 512 MB and exceeds that only when the live data needs
 *       it (ADR 0043).
 * </ul>
 */
public final class DesktopJvm {
  /** In the order {@code pom.xml} lists them. */
  public static final List<String> OPTIONS = List.of("-Xmx3g", "-XX:+UseZGC", "-XX:SoftMaxHeapSize=512m");

  private DesktopJvm() {}
}
