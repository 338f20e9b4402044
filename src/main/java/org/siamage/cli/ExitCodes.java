package org.siamage.cli;

/** Exit codes of the {@code siamage} command line. */
public final class ExitCodes {
  private ExitCodes() {}

  /** Finished; any skipped inputs were reported. */
  public static final int OK = 0;
  /** An unexpected internal error (a bug): the stack trace is in the log. */
  public static final int INTERNAL_ERROR = 1;
  /** Bad input the user can fix: unknown option, invalid config, missing or unreadable file. */
  public static final int BAD_INPUT = 2;
  /** The input was read but nothing usable remains (e.g. every face of a dataset was skipped). */
  public static final int NOTHING_USABLE = 3;
  /** {@code bundle verify}: the bundle is unsigned, or signed by a key that is not trusted. */
  public static final int NOT_TRUSTED = 4;
  /** Stopped by the user (Ctrl+C or a stop request). */
  public static final int CANCELLED = 130;
}
