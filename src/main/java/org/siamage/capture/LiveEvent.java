package org.siamage.capture;

/**
 * Something the user should hear about; the message is written for them.
 *
 * @param kind what happened
 * @param message one or two sentences, naming the source
 */
public record LiveEvent(Kind kind, String message) {
  public enum Kind {
    /** The source opened and frames are flowing. */
    STARTED,
    /** No camera at the chosen index. */
    NO_CAMERA,
    /** The camera exists but another program holds it. */
    CAMERA_BUSY,
    /** The source failed mid-run (camera unplugged, stream dropped, file unreadable). */
    SOURCE_LOST,
    /** A file, folder or stream that cannot be opened. */
    UNREADABLE,
    /** The file, slideshow or stream reached its end. */
    STREAM_ENDED,
    /** No face has been in view for a while. */
    NO_FACE,
    /** A face is in view again after {@link #NO_FACE}. */
    FACE_IN_VIEW,
    /** An unexpected failure in the pipeline; it has stopped. */
    FAILED,
    /** The pipeline has stopped and released its source (always the last event). */
    STOPPED
  }

  static LiveEvent of(SourceFailure failure) {
    Kind kind = switch (failure.kind()) {
      case NO_CAMERA -> Kind.NO_CAMERA;
      case CAMERA_BUSY -> Kind.CAMERA_BUSY;
      case SOURCE_LOST -> Kind.SOURCE_LOST;
      case UNREADABLE -> Kind.UNREADABLE;
    };
    return new LiveEvent(kind, failure.getMessage());
  }
}
