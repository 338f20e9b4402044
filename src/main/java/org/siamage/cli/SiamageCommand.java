package org.siamage.cli;

import picocli.CommandLine.Command;

/** The {@code siamage} command; without a subcommand the launcher starts the GUI instead. */
@Command(
    name = "siamage",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Siamese-network face age and gender estimation workbench. "
        + "Without a command, starts the desktop application.",
    footer = {
      "",
      "Exit codes: 0 done, 2 bad input, 3 nothing usable remains, 130 cancelled,",
      "1 internal error, 4 not signed by a trusted key (bundle verify)."
    })
public final class SiamageCommand {}
