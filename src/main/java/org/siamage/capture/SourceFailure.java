package org.siamage.capture;

import org.siamage.core.UserFacingException;

/** A frame source could not be opened or stopped delivering; the message is for the user. */
public final class SourceFailure extends UserFacingException {
  /** What went wrong, so the UI can pick its advice. */
  public enum Kind {
    /** No camera at that index (nothing answered within the probe time). */
    NO_CAMERA,
    /** The camera exists but could not be opened (usually another program holds it). */
    CAMERA_BUSY,
    /** The source delivered frames and then failed (camera unplugged, network dropped). */
    SOURCE_LOST,
    /** A file, folder or stream that cannot be opened or read at all. */
    UNREADABLE
  }

  private final Kind kind;

  public SourceFailure(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SourceFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
