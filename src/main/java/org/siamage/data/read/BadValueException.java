package org.siamage.data.read;

/**
 * A row or file that cannot become a face. The message is the skip reason and names the bad value;
 * readers turn it into a {@link org.siamage.data.SkippedItem} instead of failing the whole read.
 */
final class BadValueException extends Exception {
  BadValueException(String reason) {
    super(reason, null, false, false);
  }

  String reason() {
    return getMessage();
  }
}
