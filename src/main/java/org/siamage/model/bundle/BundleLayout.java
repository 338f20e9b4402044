package org.siamage.model.bundle;

import java.time.LocalDateTime;

/** Entry names and rules of the bundle layout, shared by the writer and the reader. */
final class BundleLayout {
  /** Identifies a Siamage model bundle in {@code manifest.json}, independent of the version. */
  static final String FORMAT_ID = "siamage-model-bundle";

  static final String MANIFEST = "manifest.json";
  static final String CONFIG = "config.json";
  static final String PROVENANCE = "provenance.json";
  static final String GALLERY_FACES = "gallery/faces.json";
  static final String GALLERY_EMBEDDINGS = "gallery/embeddings.tensor";
  static final String WEIGHTS_FOLDER = "weights/";
  static final String OPTIMIZER_FOLDER = "optimizer/";
  static final String TENSOR_EXTENSION = ".tensor";

  /** Longest accepted entry name; ours are a folder, a tensor name and an extension. */
  static final int MAX_ENTRY_NAME_LENGTH = 256;

  /**
   * Written into every entry so that equal content gives equal bytes. A local date-time (not an
   * instant) because ZIP stores DOS times in local time and an instant would depend on the zone.
   */
  static final LocalDateTime FIXED_ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private BundleLayout() {}

  static String weightEntry(String tensorName) {
    return WEIGHTS_FOLDER + tensorName + TENSOR_EXTENSION;
  }

  static String optimizerEntry(String tensorName) {
    return OPTIMIZER_FOLDER + tensorName + TENSOR_EXTENSION;
  }

  /**
   * Why an entry name is unsafe or malformed, or {@code null} when it is fine. Checked before
   * anything is read so that no name can point outside the bundle if a later version ever extracts.
   */
  static String entryNameProblem(String name) {
    if (name.isEmpty()) {
      return "an entry has an empty name";
    }
    if (name.length() > MAX_ENTRY_NAME_LENGTH) {
      return "entry name is longer than "
          + MAX_ENTRY_NAME_LENGTH
          + " characters: "
          + printable(name.substring(0, 60))
          + "…";
    }
    if (name.indexOf('\\') >= 0) {
      return "entry " + printable(name) + " has a backslash in its name";
    }
    if (name.startsWith("/") || (name.length() > 1 && name.charAt(1) == ':')) {
      return "entry " + printable(name) + " has an absolute path";
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return "entry " + printable(name) + " has a '" + segment + "' path segment";
      }
      if (segment.isEmpty()) {
        return "entry " + printable(name) + " has an empty path segment (a folder entry?)";
      }
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '.'
              || c == '/';
      if (!allowed) {
        return "entry " + printable(name) + " has a character outside [A-Za-z0-9_./-] in its name";
      }
    }
    return null;
  }

  /** The name with control and non-ASCII characters escaped, safe to put in a message. */
  static String printable(String name) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        text.append(String.format("\\u%04x", (int) c));
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }
}
