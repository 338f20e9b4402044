package org.siamage.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used so far by each thread of this process, from Linux's {@code /proc/self/task}: to
 * tell, after a stretch of work, which threads (and at which nice value) took the CPU. Empty where
 * {@code /proc} is unavailable.
 *
 * @param threads by Linux thread id
 */
public record ThreadCpuTimes(Map<Integer, ThreadTime> threads) {
  /** Clock ticks per second of {@code /proc}'s times (USER_HZ, 100 on Linux' usual builds). */
  private static final double TICKS_PER_SECOND = 100;

  /**
   * @param name Linux thread name (at most 15 characters)
   * @param cpuSeconds user plus system CPU time, seconds
   * @param nice nice value, -20 … 19
   * @param state scheduler state when read, as in {@link #state(int)}
   */
  public record ThreadTime(String name, double cpuSeconds, int nice, char state) {}

  /** The times of every thread alive now. */
  public static ThreadCpuTimes now() {
    Map<Integer, ThreadTime> threads = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return new ThreadCpuTimes(threads);
    }
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) list::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          // fields after the name: state is field 3, utime 14, stime 15, nice 19
          String[] fields = stat.substring(close + 2).trim().split(" ");
          double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          threads.put(Integer.parseInt(task.getFileName().toString()), new ThreadTime(
              stat.substring(open + 1, close), ticks / TICKS_PER_SECOND, Integer.parseInt(fields[16]),
              fields[0].charAt(0)));
        } catch (IOException | RuntimeException e) {
          // the thread ended while being read
        }
      }
    } catch (IOException e) {
      return new ThreadCpuTimes(threads);
    }
    return new ThreadCpuTimes(threads);
  }

  /**
   * The scheduler state of thread {@code tid} of this process, read from {@code /proc} without
   * stopping the JVM: {@code 'R'} running or waiting for a core, {@code 'S'} sleeping (waiting for
   * a lock, a condition or an event), {@code 'D'} in uninterruptible I/O; {@code '?'} where it
   * cannot be read.
   */
  public static char state(int tid) {
    try {
      String stat = Files.readString(taskFile(tid, "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException | RuntimeException e) {
      return '?';
    }
  }

  /**
   * The threads that are running or waiting for a core ({@code R}), e.g. {@code "siamage-backgro
   * (nice 10) ×3, C2 CompilerThre (nice 0)"}, most first; threads of the same name and nice value
   * are counted together.
   */
  public String runnable() {
    Map<String, Integer> byName = new HashMap<>();
    threads.values().stream().filter(thread -> thread.state() == 'R')
        .forEach(thread -> byName.merge(thread.name() + " (nice " + thread.nice() + ")", 1, Integer::sum));
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(byName.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, Integer> entry : sorted) {
      text.append(text.length() == 0 ? "" : ", ").append(entry.getKey())
          .append(entry.getValue() > 1 ? " ×" + entry.getValue() : "");
    }
    return text.toString();
  }

  /**
   * Threads running or waiting for a core on the whole machine, this one's included (the fourth
   * field of {@code /proc/loadavg}); -1 where it cannot be read.
   */
  public static int runnableOnMachine() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return Integer.parseInt(fields[3].substring(0, fields[3].indexOf('/')));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU time the hypervisor gave to other machines while this (virtual) machine's CPUs wanted to
   * run ("steal" in {@code /proc/stat}), summed over all CPUs since boot, in clock ticks of 10 ms;
   * -1 where it cannot be read. Steal stops every thread of the machine, the window's too.
   */
  public static long stealTicks() {
    try (java.io.BufferedReader reader = Files.newBufferedReader(Path.of("/proc/stat"))) {
      String[] fields = reader.readLine().trim().split("\\s+");
      return fields[0].equals("cpu") && fields.length > 8 ? Long.parseLong(fields[8]) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Nanoseconds thread {@code tid} has spent on a CPU and waiting in a run queue for one, since it
   * started ({@code /proc/.../schedstat}); {@code {-1, -1}} where that cannot be read. The second
   * number growing while the first stands still means the thread wanted a core and had none.
   */
  public static long[] runAndWaitNanos(int tid) {
    try {
      String[] fields = Files.readString(taskFile(tid, "schedstat"))
          .trim().split(" ");
      return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  private static Path taskFile(int tid, String name) {
    return Path.of("/proc/self/task", Integer.toString(tid), name);
  }

  /** Milliseconds in one {@link #stealTicks()} tick. */
  public static final double MILLIS_PER_TICK = 1000 / TICKS_PER_SECOND;

  /** The Linux id of a thread whose name starts with {@code prefix}, or -1 when there is none. */
  public int threadNamed(String prefix) {
    return threads.entrySet().stream().filter(entry -> entry.getValue().name().startsWith(prefix))
        .mapToInt(Map.Entry::getKey).findFirst().orElse(-1);
  }

  /**
   * The {@code limit} threads that used the most CPU since {@code earlier}, one line, e.g.
   * {@code "siamage-backgro (nice 10) 41.2 s, QuantumRenderer (nice 0) 6.3 s"}; threads of the same
   * name and nice value are summed.
   */
  public String busiestSince(ThreadCpuTimes earlier, int limit) {
    Map<String, Double> byName = new HashMap<>();
    for (Map.Entry<Integer, ThreadTime> entry : threads.entrySet()) {
      ThreadTime time = entry.getValue();
      ThreadTime before = earlier.threads().get(entry.getKey());
      double used = time.cpuSeconds() - (before == null ? 0 : before.cpuSeconds());
      byName.merge(time.name().replaceAll("[#\\-]?\\d+$", "") + " (nice " + time.nice() + ")", used, Double::sum);
    }
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(byName.entrySet());
    sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, Double> entry : sorted.subList(0, Math.min(limit, sorted.size()))) {
      if (entry.getValue() <= 0) {
        break;
      }
      text.append(text.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%s %.1f s", entry.getKey(), entry.getValue()));
    }
    return text.toString();
  }
}
