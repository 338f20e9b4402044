package org.siamage.core;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority (raises the Linux "nice" value) of the calling thread, so that
 * compute threads yield the CPU to the window. On Linux the nice value belongs to a thread and is
 * inherited by the threads it starts, so the native worker threads that ND4J, oneDNN and OpenMP
 * start from a lowered thread are lowered too. Java's own thread priorities do nothing on Linux
 * without root. Elsewhere (or when the C library cannot be reached) this does nothing.
 */
public final class ThreadNiceness {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadNiceness.class);
  /** The nice value for compute threads of the desktop app: well below the window's share. */
  public static final int BACKGROUND = 10;
  private static final int PRIO_PROCESS = 0;
  private static final CLibrary C = load();

  private ThreadNiceness() {}

  private interface CLibrary extends Library {
    int setpriority(int which, int who, int priority);

    int getpriority(int which, int who);

    long syscall(long number);
  }

  private static CLibrary load() {
    if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
      return null;
    }
    try {
      return Native.loadLibrary("c", CLibrary.class);
    } catch (LinkageError | RuntimeException e) {
      LOG.info("Thread priorities unavailable: {}", e.toString());
      return null;
    }
  }

  /** Linux thread id of the calling thread (gettid), or -1 when unknown. */
  private static long threadId() {
    if (C == null) {
      return -1;
    }
    long gettid = Platform.isIntel() ? 186 : 178; // x86-64 / arm64 system call numbers
    return C.syscall(gettid);
  }

  /**
   * Sets the calling thread's nice value to {@code nice} (0 = normal … 19 = lowest); a value below
   * the current one is not possible without privileges and is left alone.
   *
   * @return true if the thread now runs at {@code nice}
   */
  public static boolean lowerCurrentThread(int nice) {
    long tid = threadId();
    if (tid <= 0) {
      return false;
    }
    int result = C.setpriority(PRIO_PROCESS, (int) tid, nice);
    if (result != 0) {
      LOG.debug("setpriority({}) failed for thread {}", nice, tid);
      return false;
    }
    return true;
  }

  /** The calling thread's nice value, or 0 where it cannot be read. */
  public static int currentThread() {
    long tid = threadId();
    return tid <= 0 ? 0 : C.getpriority(PRIO_PROCESS, (int) tid);
  }
}
