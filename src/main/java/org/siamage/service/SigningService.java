package org.siamage.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.siamage.model.bundle.BundleSignatures;

/**
 * Signing and checking model bundles for the command line ({@code siamage bundle …}) and the
 * window (the status bar says whether the open model is signed by a trusted key). See {@link
 * BundleSignatures} for what a signature covers and ADR 0052 for why it sits beside the bundle.
 */
public final class SigningService {
  private final Path trustedKeysFolder;

  /** Checks against the user's trusted-keys folder ({@link BundleSignatures#defaultTrustedKeysFolder}). */
  public SigningService() {
    this(BundleSignatures.defaultTrustedKeysFolder());
  }

  public SigningService(Path trustedKeysFolder) {
    this.trustedKeysFolder = trustedKeysFolder;
  }

  /** The folder whose {@code *.pub} files are the trusted keys. */
  public Path trustedKeysFolder() {
    return trustedKeysFolder;
  }

  /** A new key pair {@code base.key} and {@code base.pub}; never replaces a file. */
  public BundleSignatures.KeyFiles generateKeyPair(Path base) throws IOException {
    return BundleSignatures.generateKeyPair(base);
  }

  /** Writes {@code bundle.sig}; returns it. */
  public Path sign(Path bundle, Path privateKey, String signer) throws IOException {
    return BundleSignatures.sign(bundle, privateKey, signer);
  }

  /** How the bundle's signature stands against the trusted keys; see {@link BundleSignatures#check}. */
  public BundleSignatures.Check check(Path bundle) {
    try {
      return BundleSignatures.check(bundle, trustedKeysFolder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a public key to the trusted keys as {@code name.pub}; returns the new file. */
  public Path trust(Path publicKey, String name) throws IOException {
    return BundleSignatures.trust(publicKey, trustedKeysFolder, name);
  }
}
