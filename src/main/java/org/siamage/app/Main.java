package org.siamage.app;

/**
 * Entry point of {@code siamage.jar}: without arguments the desktop application starts, with
 * arguments the command line runs. Deliberately not a JavaFX {@code Application} subclass so that
 * the jar runs from the plain class path.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CompositionRoot root = new CompositionRoot();
    if (args.length == 0) {
      root.startDesktop();
    } else {
      int exitCode = root.commandLine().execute(args);
      System.exit(exitCode);
    }
  }
}
