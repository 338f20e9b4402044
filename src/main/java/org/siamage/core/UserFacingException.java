package org.siamage.core;

/**
 * An error whose message is written for the user: it names the file, line or field and the bad
 * value. The CLI prints only the message (no stack trace) and the GUI shows it in a dialog with the
 * cause under "details".
 */
public class UserFacingException extends RuntimeException {
  public UserFacingException(String message) {
    super(message);
  }

  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
