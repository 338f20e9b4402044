package org.siamage.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands freed native memory back to the operating system (glibc's {@code malloc_trim}).
 *
 * <p>ND4J, OpenCV and FFmpeg allocate and free native buffers many times a second. glibc keeps
 * freed blocks in its arenas for reuse instead of returning them, so a long-running process's
 * resident size climbs to its busiest moment and stays there, although little of it is in use.
 * Trimming now and then keeps the resident size at what is actually in use. Where the C library
 * has no {@code malloc_trim} (not glibc, not Linux) this does nothing.
 */
public final class NativeHeap {
  private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);
  private static final CLibrary C = load();

  private NativeHeap() {}

  private interface CLibrary extends Library {
    int malloc_trim(long pad);

    MallInfo2.ByValue mallinfo2();
  }

  /** glibc's {@code struct mallinfo2} (glibc 2.33 and later): ten {@code size_t} counters in bytes. */
  public static class MallInfo2 extends Structure {
    public long arena;
    public long ordblks;
    public long smblks;
    public long hblks;
    public long hblkhd;
    public long usmblks;
    public long fsmblks;
    public long uordblks;
    public long fordblks;
    public long keepcost;

    @Override
    protected List<String> getFieldOrder() {
      return List.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
          "keepcost");
    }

    /** Returned by value, as glibc does. */
    public static class ByValue extends MallInfo2 implements Structure.ByValue {}
  }

  private static CLibrary load() {
    if (!Platform.isLinux()) {
      return null;
    }
    try {
      CLibrary c = Native.loadLibrary("c", CLibrary.class);
      c.malloc_trim(0); // fails here, once, where the C library is not glibc
      return c;
    } catch (LinkageError | RuntimeException e) {
      LOG.info("Native heap trimming unavailable: {}", e.toString());
      return null;
    }
  }

  /**
   * What glibc's allocator holds, in MB, summed over all arenas.
   *
   * @param inUse allocated and not yet freed (small blocks plus separately mapped large ones)
   * @param free freed but kept in the arenas for reuse
   * @param held taken from the system: arenas plus separately mapped large blocks
   */
  public record MallocStatistics(long inUse, long free, long held) {}

  /** See {@link MallocStatistics}; empty where glibc is absent or older than 2.33. */
  public static Optional<MallocStatistics> mallocStatistics() {
    if (C == null) {
      return Optional.empty();
    }
    try {
      MallInfo2 info = C.mallinfo2();
      return Optional.of(new MallocStatistics((info.uordblks + info.hblkhd) >> 20, info.fordblks >> 20,
          (info.arena + info.hblkhd) >> 20));
    } catch (LinkageError | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether {@link #trim()} can return memory on this system. */
  public static boolean available() {
    return C != null;
  }

  /**
   * Returns the free memory of every glibc arena to the system; takes milliseconds (longer the
   * larger the heap), so call it off latency-critical threads.
   *
   * @return resident megabytes released (0 when nothing was), or -1 where trimming or
   *     {@code /proc} is unavailable
   */
  public static long trim() {
    if (C == null) {
      return -1;
    }
    long before = residentMegabytes();
    C.malloc_trim(0);
    long after = residentMegabytes();
    return before < 0 || after < 0 ? -1 : Math.max(0, before - after);
  }

  /**
   * Trims every {@code interval} on a daemon thread at background priority until the returned
   * handle is closed; a no-op handle where trimming is unavailable or switched off with {@code
   * -Dsiamage.nativeTrim=false}.
   *
   * @param interval time between trims, at least one second
   * @param purpose names the thread ({@code siamage-trim-<purpose>})
   */
  public static Trimming trimEvery(Duration interval, String purpose) {
    if (C == null || "false".equals(System.getProperty("siamage.nativeTrim"))) {
      return () -> {};
    }
    long millis = Math.max(1000, interval.toMillis());
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(() -> {
        ThreadNiceness.lowerCurrentThread(ThreadNiceness.BACKGROUND);
        runnable.run();
      }, "siamage-trim-" + purpose);
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(() -> {
      long released = trim();
      if (released > 0) {
        LOG.debug("Native heap trim ({}): {} MB returned to the system", purpose, released);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
    return timer::shutdownNow;
  }

  /** Periodic trimming; closing stops it and never throws. */
  @FunctionalInterface
  public interface Trimming extends AutoCloseable {
    @Override
    void close();
  }

  /** This process's resident set (VmRSS) in MB; -1 where {@code /proc} is unavailable. */
  public static long residentMegabytes() {
    return statusMegabytes("VmRSS:");
  }

  /**
   * This process's proportional set size (Pss of {@code /proc/self/smaps_rollup}) in MB: resident
   * memory with each page counted once. ZGC maps its heap three times, so under ZGC the resident
   * size counts heap pages up to three times and overstates use; the proportional size does not.
   * Reading it walks every mapping (about a millisecond), so sample it at most a few times a
   * second. -1 where it cannot be read (before Linux 4.14, or no {@code /proc}).
   */
  public static long proportionalMegabytes() {
    return proportional().total();
  }

  /**
   * The proportional set size split by kind of memory, in MB, from one read of {@code
   * /proc/self/smaps_rollup}; a part that cannot be read is -1.
   *
   * @param total every page once ({@code Pss})
   * @param anonymous private memory: native allocations (ND4J, OpenCV, FFmpeg, glibc's arenas), G1's
   *     heap, thread stacks ({@code Pss_Anon})
   * @param shared shared memory: ZGC's heap, which lives in a memory file ({@code Pss_Shmem})
   * @param files mapped files: code of the JVM and the native libraries ({@code Pss_File})
   */
  public record Proportional(long total, long anonymous, long shared, long files) {}

  /** See {@link Proportional}; all parts -1 where the file cannot be read (before Linux 5.x). */
  public static Proportional proportional() {
    long total = -1;
    long anonymous = -1;
    long shared = -1;
    long files = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup"))) {
        long megabytes = line.indexOf(':') < 0 ? -1 : kilobytesToMegabytes(line);
        if (line.startsWith("Pss:")) {
          total = megabytes;
        } else if (line.startsWith("Pss_Anon:")) {
          anonymous = megabytes;
        } else if (line.startsWith("Pss_Shmem:")) {
          shared = megabytes;
        } else if (line.startsWith("Pss_File:")) {
          files = megabytes;
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Proportional(-1, -1, -1, -1);
    }
    return new Proportional(total, anonymous, shared, files);
  }

  /** The kB value of a {@code /proc} line such as {@code "VmRSS:   123456 kB"}, in MB. */
  private static long kilobytesToMegabytes(String line) {
    return Long.parseLong(line.substring(line.indexOf(':') + 1).replaceAll("[^0-9]", "")) / 1024;
  }

  /** This process's peak resident set so far (VmHWM) in MB; -1 where {@code /proc} is unavailable. */
  public static long peakResidentMegabytes() {
    return statusMegabytes("VmHWM:");
  }

  /** A kB field of {@code /proc/self/status}, in MB; -1 where it cannot be read. */
  private static long statusMegabytes(String field) {
    return kilobyteField(Path.of("/proc/self/status"), field);
  }

  /** The first kB field named {@code field} in a {@code /proc} file, in MB; -1 where it cannot be read. */
  private static long kilobyteField(Path file, String field) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(field)) {
          return kilobytesToMegabytes(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
