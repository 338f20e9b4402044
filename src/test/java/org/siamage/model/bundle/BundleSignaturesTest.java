package org.siamage.model.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siamage.core.UserFacingException;
import org.siamage.model.bundle.BundleSignatures.Status;

/** Ed25519 signatures beside a bundle: who signed it, and that nothing changed since. */
class BundleSignaturesTest {
  @TempDir Path temp;
  Path bundle;
  Path trusted;

  @BeforeEach
  void writeBundle() throws IOException {
    bundle = temp.resolve("model.siamage");
    ModelBundleWriter.write(BundleFixtures.small(), bundle);
    trusted = temp.resolve("trusted-keys");
  }

  /** A new key pair "lab", the bundle signed by "Face lab" with it, and the key trusted as "lab". */
  private Path signAndTrustAsLab() throws IOException {
    BundleSignatures.KeyFiles keys = BundleSignatures.generateKeyPair(temp.resolve("lab"));
    Path signature = BundleSignatures.sign(bundle, keys.privateKey(), "Face lab");
    BundleSignatures.trust(keys.publicKey(), trusted, "lab");
    return signature;
  }

  @Test
  void aBundleSignedWithATrustedKeyIsTrustedUnderTheTrustedName() throws IOException {
    BundleSignatures.KeyFiles keys = BundleSignatures.generateKeyPair(temp.resolve("keys/lab"));
    Path signature = BundleSignatures.sign(bundle, keys.privateKey(), "Face lab");
    assertEquals(temp.resolve("model.siamage.sig"), signature);

    BundleSignatures.Check before = BundleSignatures.check(bundle, trusted);
    assertEquals(Status.UNTRUSTED, before.status(), before.detail());
    assertEquals("Face lab", before.signer());
    assertEquals(keys.fingerprint(), before.fingerprint());
    assertTrue(before.detail().contains("not among your trusted keys"), before.detail());

    BundleSignatures.trust(keys.publicKey(), trusted, "our-lab");
    BundleSignatures.Check after = BundleSignatures.check(bundle, trusted);
    assertEquals(Status.TRUSTED, after.status(), after.detail());
    assertEquals("our-lab", after.trustedAs());
    assertEquals("signed by our-lab", after.label());
  }

  @Test
  void oneChangedByteOfTheBundleMakesTheSignatureInvalidAndSaysSo() throws IOException {
    signAndTrustAsLab();
    byte[] bytes = Files.readAllBytes(bundle);
    bytes[bytes.length / 2] ^= 1;
    Files.write(bundle, bytes);

    BundleSignatures.Check check = BundleSignatures.check(bundle, trusted);
    assertEquals(Status.INVALID, check.status());
    assertTrue(check.detail().startsWith("The model changed after Face lab signed it"), check.detail());
  }

  @Test
  void aRepackedBundleWithAFreshManifestPassesTheReaderButNotTheSignature() throws IOException {
    signAndTrustAsLab();
    // what the manifest cannot catch: a different model written as a valid bundle under the same name
    ModelBundleWriter.write(BundleFixtures.withParameters(1024), bundle);
    ModelBundleReader.read(bundle);

    assertEquals(Status.INVALID, BundleSignatures.check(bundle, trusted).status());
  }

  @Test
  void anEditedSignerOrTimeBreaksTheSignature() throws IOException {
    Path signature = signAndTrustAsLab();
    Files.writeString(signature, Files.readString(signature).replace("Face lab", "Famous lab"));

    BundleSignatures.Check check = BundleSignatures.check(bundle, trusted);
    assertEquals(Status.INVALID, check.status());
    assertTrue(check.detail().contains("was edited after signing"), check.detail());
  }

  @Test
  void aSignatureByAnotherKeyWithTheSameNameIsNotTrusted() throws IOException {
    BundleSignatures.KeyFiles ours = BundleSignatures.generateKeyPair(temp.resolve("ours"));
    BundleSignatures.KeyFiles theirs = BundleSignatures.generateKeyPair(temp.resolve("theirs"));
    BundleSignatures.trust(ours.publicKey(), trusted, "lab");
    BundleSignatures.sign(bundle, theirs.privateKey(), "Face lab");

    BundleSignatures.Check check = BundleSignatures.check(bundle, trusted);
    assertEquals(Status.UNTRUSTED, check.status());
    assertEquals(theirs.fingerprint(), check.fingerprint());
  }

  @Test
  void withoutASignatureFileTheBundleIsUnsigned() throws IOException {
    BundleSignatures.Check check = BundleSignatures.check(bundle, trusted);
    assertEquals(Status.UNSIGNED, check.status());
    assertEquals("unsigned", check.label());
    // the detail (the status bar's tooltip) says signing is optional and how to do it
    assertTrue(check.detail().contains("optional") && check.detail().contains("siamage bundle sign"), check.detail());
  }

  @Test
  void aSignatureFileThatIsNotJsonIsInvalidWithItsName() throws IOException {
    Files.writeString(BundleSignatures.signatureFile(bundle), "not json {");
    BundleSignatures.Check check = BundleSignatures.check(bundle, trusted);
    assertEquals(Status.INVALID, check.status());
    assertTrue(check.detail().startsWith("The signature file model.siamage.sig is not a signature file"),
        check.detail());
  }

  @Test
  void theKeyPairIsNeverReplacedAndThePrivateHalfIsTheOwnersOnly() throws IOException {
    BundleSignatures.KeyFiles keys = BundleSignatures.generateKeyPair(temp.resolve("lab"));
    if (Files.getFileStore(keys.privateKey()).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.privateKey())));
    }
    String before = Files.readString(keys.privateKey());
    UserFacingException refused =
        assertThrows(UserFacingException.class, () -> BundleSignatures.generateKeyPair(temp.resolve("lab")));
    assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
    assertEquals(before, Files.readString(keys.privateKey()));
  }

  @Test
  void aDamagedBundleIsNotSigned() throws IOException {
    BundleSignatures.KeyFiles keys = BundleSignatures.generateKeyPair(temp.resolve("lab"));
    byte[] bytes = Files.readAllBytes(bundle);
    Files.write(bundle, java.util.Arrays.copyOf(bytes, bytes.length - 40));

    assertThrows(UserFacingException.class, () -> BundleSignatures.sign(bundle, keys.privateKey(), "Face lab"));
    assertFalse(Files.exists(BundleSignatures.signatureFile(bundle)));
  }

  @Test
  void theWrongKeyFileIsNamedInTheMessage() throws IOException {
    BundleSignatures.KeyFiles keys = BundleSignatures.generateKeyPair(temp.resolve("lab"));
    UserFacingException refused = assertThrows(UserFacingException.class,
        () -> BundleSignatures.sign(bundle, keys.publicKey(), "Face lab"));
    assertTrue(refused.getMessage().contains("lab.pub holds no '-----BEGIN PRIVATE KEY-----' block"),
        refused.getMessage());
  }

  @Test
  void keysMadeByOpensslSignAndVerify() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
    Path key = temp.resolve("ossl.key");
    Path pub = temp.resolve("ossl.pub");
    assertEquals(0, exec("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString()));
    assertEquals(0, exec("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString()));

    BundleSignatures.sign(bundle, key, "Face lab");
    BundleSignatures.trust(pub, trusted, "ossl");
    assertEquals(Status.TRUSTED, BundleSignatures.check(bundle, trusted).status());
  }

  private static int exec(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    return process.exitValue();
  }
}
