package org.siamage.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How ND4J's OpenMP threads wait between parallel regions. By default libgomp spins for a while
 * before it sleeps, which is fastest when the process has the cores to itself and ruinous when two
 * Siamage processes (or a training and a test run) share them: each spinning thread holds a core
 * the other process's threads need, and both fall to a small fraction of their speed. Passive
 * waiting sleeps at once. libgomp reads {@code OMP_WAIT_POLICY} when it is loaded, so this must run
 * before the first ND4J class is touched.
 */
public final class OpenMpWaiting {
  private static final Logger LOG = LoggerFactory.getLogger(OpenMpWaiting.class);
  /** {@code -Dsiamage.ompWaitPolicy=active|passive}; the environment's OMP_WAIT_POLICY wins over both. */
  public static final String PROPERTY = "siamage.ompWaitPolicy";

  private OpenMpWaiting() {}

  private interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);
  }

  /**
   * Sets {@code OMP_WAIT_POLICY} for this process unless the user chose it in the environment.
   *
   * @param defaultPolicy {@code PASSIVE} or {@code ACTIVE}, used when {@link #PROPERTY} is unset
   * @return the policy now in force, or null when it could not be set (not Linux, no libc)
   */
  public static String apply(String defaultPolicy) {
    String chosen = System.getenv("OMP_WAIT_POLICY");
    if (chosen != null) {
      return chosen;
    }
    String policy = System.getProperty(PROPERTY, defaultPolicy).toUpperCase(java.util.Locale.ROOT);
    if (!Platform.isLinux() && !Platform.isMac()) {
      return null;
    }
    try {
      CLibrary c = Native.loadLibrary("c", CLibrary.class);
      if (c.setenv("OMP_WAIT_POLICY", policy, 0) != 0) {
        return null;
      }
      return policy;
    } catch (LinkageError | RuntimeException e) {
      LOG.info("OMP_WAIT_POLICY left alone: {}", e.toString());
      return null;
    }
  }
}
