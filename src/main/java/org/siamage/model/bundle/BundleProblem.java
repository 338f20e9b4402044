package org.siamage.model.bundle;

/**
 * A problem found inside a bundle; {@link ModelBundleReader} adds the bundle file to the message
 * and reports it as a {@link org.siamage.core.UserFacingException}.
 */
final class BundleProblem extends Exception {
  BundleProblem(String message) {
    super(message);
  }

  BundleProblem(String message, Throwable cause) {
    super(message, cause);
  }
}
