package org.siamage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.model.bundle.BundleFixtures;
import org.siamage.model.bundle.ModelBundleWriter;
import org.siamage.service.SigningService;

/** {@code siamage bundle keygen, sign, trust, verify}: the exit codes and what they print. */
class BundleCommandTest {
  @TempDir Path temp;


  CliRun run(String... args) {
    return CliRun.of(List.of(new BundleCommand(new SigningService(temp.resolve("trusted"))).commandLine()), args);
  }

  @Test
  void keygenSignTrustVerifyAndAChangedBundle() throws IOException {
    Path model = temp.resolve("demo.siamage");
    ModelBundleWriter.write(BundleFixtures.small(), model);
    String bundle = model.toString();

    CliRun unsigned = run("bundle", "verify", bundle);
    assertEquals(ExitCodes.NOT_TRUSTED, unsigned.exitCode(), unsigned.err());
    assertTrue(unsigned.out().startsWith(bundle + ": unsigned"), unsigned.out());

    CliRun keygen = run("bundle", "keygen", "--out", temp.resolve("keys/lab").toString());
    assertEquals(ExitCodes.OK, keygen.exitCode(), keygen.err());
    assertTrue(keygen.out().contains("fingerprint "), keygen.out());

    CliRun sign = run("bundle", "sign", bundle, "--key", temp.resolve("keys/lab.key").toString(), "--signer", "Face lab");
    assertEquals(ExitCodes.OK, sign.exitCode(), sign.err());
    assertTrue(sign.out().contains("wrote " + bundle + ".sig"), sign.out());

    CliRun untrusted = run("bundle", "verify", bundle);
    assertEquals(ExitCodes.NOT_TRUSTED, untrusted.exitCode());
    assertTrue(untrusted.out().contains("signed, key not trusted"), untrusted.out());

    CliRun trust = run("bundle", "trust", temp.resolve("keys/lab.pub").toString());
    assertEquals(ExitCodes.OK, trust.exitCode(), trust.err());
    assertTrue(trust.out().contains("as 'lab'"), trust.out());

    CliRun trusted = run("bundle", "verify", bundle);
    assertEquals(ExitCodes.OK, trusted.exitCode(), trusted.err());
    assertTrue(trusted.out().startsWith(bundle + ": signed by lab"), trusted.out());

    CliRun elsewhere = run("bundle", "verify", bundle, "--trusted-keys", temp.resolve("nobody").toString());
    assertEquals(ExitCodes.NOT_TRUSTED, elsewhere.exitCode());

    byte[] bytes = Files.readAllBytes(model);
    bytes[100] ^= 1;
    Files.write(model, bytes);
    CliRun changed = run("bundle", "verify", bundle);
    assertEquals(ExitCodes.BAD_INPUT, changed.exitCode());
    assertTrue(changed.err().startsWith("error: " + bundle + ": The model changed after Face lab signed it"),
        changed.err());
  }

  @Test
  void signingWithAMissingKeyNamesIt() {
    CliRun run = run("bundle", "sign", temp.resolve("demo.siamage").toString(), "--key", temp.resolve("no.key").toString(),
        "--signer", "x");
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("Key file not found: " + temp.resolve("no.key")), run.err());
  }
}
