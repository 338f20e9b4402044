package org.siamage.cli;

import java.io.PrintWriter;
import java.util.List;
import org.siamage.core.CancelledException;
import org.siamage.core.UserFacingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Builds the picocli command tree from the subcommands the composition root hands in, and maps
 * exceptions to messages and exit codes: users see a one-line message, never a stack trace.
 */
public final class SiamageCli {
  private static final Logger LOG = LoggerFactory.getLogger(SiamageCli.class);

  private final CommandLine commandLine;

  public SiamageCli(List<Object> subcommands) {
    commandLine = new CommandLine(new SiamageCommand());
    for (Object subcommand : subcommands) {
      commandLine.addSubcommand(subcommand);
    }
    commandLine.setExecutionExceptionHandler(SiamageCli::handleExecutionException);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
  }

  public CommandLine commandLine() {
    return commandLine;
  }

  /** Runs the command line; returns the process exit code. */
  public int execute(String... args) {
    return commandLine.execute(args);
  }

  private static int handleExecutionException(
      Exception exception, CommandLine failed, CommandLine.ParseResult parseResult) {
    PrintWriter err = failed.getErr();
    Throwable cause = exception;
    if (cause instanceof CancelledException) {
      err.println("Cancelled.");
      return ExitCodes.CANCELLED;
    }
    if (cause instanceof UserFacingException) {
      err.println("error: " + cause.getMessage());
      LOG.debug("User-facing error", cause);
      return ExitCodes.BAD_INPUT;
    }
    LOG.error("Internal error in '{}'", failed.getCommandName(), cause);
    err.println("internal error: " + cause + " (details in the log; please report it)");
    return ExitCodes.INTERNAL_ERROR;
  }
}
