package org.siamage.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.List;
import java.util.Map;
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

    int sched_setscheduler(int pid, int policy, int[] param);

    int sched_getscheduler(int pid);
  }

  /** Linux's SCHED_IDLE policy: the thread runs only when no normal thread wants the CPU. */
  private static final int SCHED_IDLE = 5;

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

  /**
   * Moves the calling thread to Linux's idle scheduling class (SCHED_IDLE): it then runs only on
   * CPU time no normal thread wants, and a waking window thread takes the core from it at once.
   * Threads it starts afterwards (ND4J's and OpenMP's workers) inherit the class. Needs no
   * privileges; does nothing elsewhere.
   *
   * @return true if the thread now runs in the idle class
   */
  public static boolean idleCurrentThread() {
    long tid = threadId();
    if (tid <= 0) {
      return false;
    }
    if (C.sched_setscheduler((int) tid, SCHED_IDLE, new int[] {0}) != 0) {
      LOG.debug("sched_setscheduler(SCHED_IDLE) failed for thread {}", tid);
      return false;
    }
    return true;
  }

  /** Whether the calling thread runs in the idle scheduling class. */
  public static boolean currentThreadIsIdle() {
    long tid = threadId();
    return tid > 0 && C.sched_getscheduler((int) tid) == SCHED_IDLE;
  }

  /**
   * Name prefixes (as Linux shows them, at most 15 characters) of the JVM's and JavaCPP's own
   * helper threads whose work can wait: the concurrent collectors' threads and the threads that
   * free native memory. Safepoint and JIT compiler threads are left alone, since every thread,
   * the window's included, waits for the former and runs slowly without the latter.
   */
  static final List<String> DEFERRABLE_HELPERS = List.of("ZWorker", "ZDirector", "ZDriver",
      "G1 Conc", "G1 Refine", "JavaCPP Dealloc", "Common-Cleaner");

  /** Name prefixes of the JIT compiler's threads (and its code-cache sweeper). */
  static final List<String> COMPILER_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre", "Sweeper thread");

  /** The nice value of the JIT compiler's threads while the window runs background work. */
  public static final int COMPILER_NICE = 5;

  /**
   * Sets the JIT compiler's threads to nice {@value #COMPILER_NICE}, or to {@code
   * -Dsiamage.compilerNice} (0..19; 0 leaves them at normal priority). On two cores the FX stall
   * monitor found the FX and render threads waiting 25–41 ms for a core while a compiler thread at
   * the same priority held it; at nice 5 the window wins that core three times in four, while the
   * compiler still runs ahead of the nice-10 training threads (ADR 0042).
   *
   * @return how many threads now run at that nice value
   */
  public static int lowerCompilerThreads() {
    return lowerCompilerThreads(ThreadCpuTimes.now());
  }

  private static int lowerCompilerThreads(ThreadCpuTimes threads) {
    int nice = Integer.getInteger("siamage.compilerNice", COMPILER_NICE);
    if (C == null || nice < 0 || nice > 19) {
      return 0;
    }
    return setNice(threads, COMPILER_THREADS, nice);
  }

  /**
   * What the window's background work does before each task: {@link #lowerHelperThreads} at
   * {@code helperNice} and {@link #lowerCompilerThreads()}, from one listing of the process's
   * threads (reading {@code /proc/self/task} costs a file per thread).
   */
  public static void lowerHelperAndCompilerThreads(int helperNice) {
    ThreadCpuTimes threads = ThreadCpuTimes.now();
    lowerHelperThreads(threads, helperNice);
    lowerCompilerThreads(threads);
  }

  /**
   * Sets the JVM's {@link #DEFERRABLE_HELPERS deferrable helper threads} to {@code nice}, so that
   * garbage collection and native frees caused by background work do not take the CPU from the
   * window either. Finds them with {@link ThreadCpuTimes#now()} ({@code /proc/self/task}); does
   * nothing where that or setpriority is unavailable.
   *
   * @return how many threads now run at {@code nice}
   */
  public static int lowerHelperThreads(int nice) {
    return lowerHelperThreads(ThreadCpuTimes.now(), nice);
  }

  private static int lowerHelperThreads(ThreadCpuTimes threads, int nice) {
    if (C == null) {
      return 0;
    }
    return setNice(threads, DEFERRABLE_HELPERS, nice);
  }

  private static int setNice(ThreadCpuTimes threads, List<String> namePrefixes, int nice) {
    int lowered = 0;
    for (Map.Entry<Integer, ThreadCpuTimes.ThreadTime> thread : threads.threads().entrySet()) {
      if (namePrefixes.stream().anyMatch(thread.getValue().name()::startsWith)
          && C.setpriority(PRIO_PROCESS, thread.getKey(), nice) == 0) {
        lowered++;
      }
    }
    return lowered;
  }

  /** The calling thread's nice value, or 0 where it cannot be read. */
  public static int currentThread() {
    long tid = threadId();
    return tid <= 0 ? 0 : C.getpriority(PRIO_PROCESS, (int) tid);
  }
}
