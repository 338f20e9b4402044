package org.siamage.app;

import org.siamage.process.OpenMpWaiting;

import org.siamage.service.WarmupService;

/**
 * Entry point of {@code siamage.jar}: without arguments the desktop application starts, with
 * arguments the command line runs. Deliberately not a JavaFX {@code Application} subclass so that
 * the jar runs from the plain class path.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    limitNativeMemory();
    // before any ND4J class loads libgomp, which reads the policy once (issue: two trainings at once)
    OpenMpWaiting.apply("PASSIVE");
    CompositionRoot root = new CompositionRoot();
    if (args.length == 0) {
      root.startDesktop();
    } else {
      int exitCode;
      try {
        exitCode = root.commandLine().execute(args);
      } catch (LinkageError e) { // ND4J's backend fails in a static initialiser: an Error, not an Exception
        String problem = WarmupService.backendProblem(e);
        if (problem == null) {
          throw e;
        }
        System.err.println("error: " + problem);
        exitCode = 1;
      }
      System.exit(exitCode);
    }
  }

  /**
   * ND4J and OpenCV allocate outside the Java heap; JavaCPP frees that memory when the garbage
   * collector finds the owning objects, and forces a collection when the native total reaches its
   * budget. Graph plans (ADR 0044) allocate a training step's arrays once, so little is left to the
   * collector: the budget must hold the largest plan (about 1.1 GB for a plain-cnn step of 128
   * faces) beside the rest of the process (ADR 0006). Set the properties yourself (e.g. in
   * JAVA_TOOL_OPTIONS) for large models.
   */
  static void limitNativeMemory() {
    if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null) {
      System.setProperty("org.bytedeco.javacpp.maxbytes", "3G");
    }
    if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
      System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", "4G");
    }
  }
}
