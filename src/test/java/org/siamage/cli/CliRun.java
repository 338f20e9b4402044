package org.siamage.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One command line run through picocli in this JVM, with its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
  /** Runs {@code args} against a command line made of {@code subcommands}, as {@code siamage} does. */
  static CliRun of(List<Object> subcommands, String... args) {
    SiamageCli cli = new SiamageCli(subcommands);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.commandLine().setOut(new PrintWriter(out, true));
    cli.commandLine().setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
