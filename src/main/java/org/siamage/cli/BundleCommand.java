package org.siamage.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.siamage.core.UserFacingException;
import org.siamage.model.bundle.BundleSignatures;
import org.siamage.service.SigningService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code siamage bundle keygen|sign|verify|trust}: who made a model, checked with Ed25519 keys. */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    header = "Signs model bundles and checks who signed them (Ed25519 keys).",
    description = "A bundle's checksums catch damage; a signature (model.siamage.sig beside it) says who "
        + "released it. 'verify' and the window trust the public keys in the trusted-keys folder.")
public final class BundleCommand {
  private final SigningService signing;

  public BundleCommand(SigningService signing) {
    this.signing = signing;
  }

  /** The command with its subcommands, which share the signing service; add it to the command line. */
  public picocli.CommandLine commandLine() {
    picocli.CommandLine line = new picocli.CommandLine(this);
    for (Object subcommand : new Object[] {new Keygen(signing), new Sign(signing), new Verify(signing),
        new Trust(signing)}) {
      line.addSubcommand(subcommand);
    }
    return line;
  }

  @Command(name = "keygen", mixinStandardHelpOptions = true,
      header = "Makes a key pair: NAME.key (private, keep it) and NAME.pub (public, share it).")
  static final class Keygen implements Callable<Integer> {
    private final SigningService signing;
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "NAME",
        description = "Path without suffix, e.g. keys/lab (writes keys/lab.key and keys/lab.pub).")
    Path out;

    Keygen(SigningService signing) {
      this.signing = signing;
    }

    @Override
    public Integer call() throws Exception {
      BundleSignatures.KeyFiles keys = signing.generateKeyPair(out);
      PrintWriter printer = spec.commandLine().getOut();
      printer.println("wrote " + keys.privateKey() + " (private: keep it to yourself)");
      printer.println("wrote " + keys.publicKey() + " (public: give it to those who use your models)");
      printer.println("fingerprint " + keys.fingerprint());
      printer.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "sign", mixinStandardHelpOptions = true,
      header = "Signs a model bundle: writes BUNDLE.sig beside it.")
  static final class Sign implements Callable<Integer> {
    private final SigningService signing;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "Model bundle (.siamage) to sign.")
    Path bundle;

    @Option(names = "--key", required = true, paramLabel = "KEY",
        description = "Private key (.key); its .pub must lie beside it.")
    Path key;

    @Option(names = "--signer", required = true, paramLabel = "NAME",
        description = "Who signs, as those who verify should read it, e.g. \"Face lab, Univ. X\".")
    String signer;

    Sign(SigningService signing) {
      this.signing = signing;
    }

    @Override
    public Integer call() throws Exception {
      Path written = signing.sign(bundle, key, signer);
      PrintWriter printer = spec.commandLine().getOut();
      printer.println("wrote " + written);
      printer.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      header = "Says whether a model bundle is signed by a trusted key.",
      description = "Exit code 0: signed by a trusted key; 4: unsigned, or signed by a key you do not trust; "
          + "2: the signature does not match the bundle (changed after signing) or cannot be read.")
  static final class Verify implements Callable<Integer> {
    private final SigningService signing;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "Model bundle (.siamage).")
    Path bundle;

    @Option(names = "--trusted-keys", paramLabel = "FOLDER",
        description = "Folder of trusted public keys (*.pub); default: the user's trusted-keys folder.")
    Path trustedKeys;

    Verify(SigningService signing) {
      this.signing = signing;
    }

    @Override
    public Integer call() {
      SigningService using = trustedKeys == null ? signing : new SigningService(trustedKeys);
      BundleSignatures.Check check = using.check(bundle);
      if (check.status() == BundleSignatures.Status.INVALID) {
        throw new UserFacingException(bundle + ": " + check.detail());
      }
      PrintWriter printer = spec.commandLine().getOut();
      printer.println(bundle + ": " + check.label());
      printer.println(check.detail());
      printer.flush();
      return check.status() == BundleSignatures.Status.TRUSTED ? ExitCodes.OK : ExitCodes.NOT_TRUSTED;
    }
  }

  @Command(name = "trust", mixinStandardHelpOptions = true,
      header = "Adds a public key (.pub) to the trusted keys.")
  static final class Trust implements Callable<Integer> {
    private final SigningService signing;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "KEY", description = "Public key (.pub) to trust.")
    Path key;

    @Option(names = "--name", paramLabel = "NAME",
        description = "How the window names models signed with it (default: the file name without .pub).")
    String name;

    Trust(SigningService signing) {
      this.signing = signing;
    }

    @Override
    public Integer call() throws Exception {
      String chosen = name != null ? name : BundleSignatures.keyName(key, BundleSignatures.PUBLIC_KEY_SUFFIX);
      Path written = signing.trust(key, chosen);
      PrintWriter printer = spec.commandLine().getOut();
      printer.println("trusted " + BundleSignatures.fingerprint(BundleSignatures.readPublicKey(written)) + " as '"
          + chosen + "' (" + written + ")");
      printer.flush();
      return ExitCodes.OK;
    }
  }
}
