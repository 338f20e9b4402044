package org.siamage.model.bundle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON entries of a bundle other than the config: manifest, provenance and gallery faces. Built
 * as trees by hand so that the field order, and so the bytes, never depend on reflection.
 */
final class BundleJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");

  /** One line of the manifest: an entry other than the manifest itself. */
  record ManifestEntry(String name, long size, String sha256) {}

  /** The parsed manifest; entries in the order they were written. */
  record Manifest(int formatVersion, List<ManifestEntry> entries) {}

  /** The gallery's labels as stored in {@code gallery/faces.json}. */
  record GalleryFaces(int count, int dimension, List<String> ids, int[] ages, byte[] genders) {}

  private BundleJson() {}

  // ---- writing ----

  static byte[] manifest(int formatVersion, List<ManifestEntry> entries) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", BundleLayout.FORMAT_ID);
    root.put("formatVersion", formatVersion);
    ArrayNode list = root.putArray("entries");
    for (ManifestEntry entry : entries) {
      list.addObject()
          .put("name", entry.name())
          .put("size", entry.size())
          .put("sha256", entry.sha256());
    }
    return bytes(root);
  }

  static byte[] provenance(Provenance provenance) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("appVersion", provenance.appVersion());
    root.put("javaVersion", provenance.javaVersion());
    root.put("operatingSystem", provenance.operatingSystem());
    root.put("backend", provenance.backend());
    root.put("seed", provenance.seed());
    root.put("datasetName", provenance.datasetName());
    root.put("datasetHash", provenance.datasetHash());
    root.put("splitHash", provenance.splitHash());
    root.put("createdAt", provenance.createdAt().toString());
    root.put("trainingTime", provenance.trainingTime().toString());
    ObjectNode metrics = root.putObject("finalMetrics");
    provenance.finalMetrics().forEach(metrics::put);
    return bytes(root);
  }

  static byte[] galleryFaces(ReferenceGalleryData gallery) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("count", gallery.size());
    root.put("dimension", gallery.dimension());
    ArrayNode ids = root.putArray("ids");
    gallery.ids().forEach(ids::add);
    ArrayNode ages = root.putArray("ages");
    for (int age : gallery.ages()) {
      ages.add(age);
    }
    ArrayNode genders = root.putArray("genders");
    for (byte gender : gallery.genders()) {
      genders.add(gender);
    }
    return bytes(root);
  }

  /** UTF-8 with '\n' line ends on every platform, so that hashes agree across machines. */
  static byte[] text(String json) {
    return json.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(JsonNode root) {
    try {
      return text(MAPPER.writeValueAsString(root) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree always serialises", e);
    }
  }

  // ---- reading ----

  /**
   * Parses the manifest. The format identity and version are checked before anything else, so a
   * newer layout is reported as such rather than as a list of strange fields.
   */
  static Manifest parseManifest(byte[] json) throws BundleProblem {
    JsonNode root = tree(json, BundleLayout.MANIFEST);
    JsonNode format = root.get("format");
    if (format == null || !BundleLayout.FORMAT_ID.equals(format.asText(null))) {
      throw new BundleProblem(
          BundleLayout.MANIFEST
              + " does not identify a Siamage model bundle (format "
              + (format == null ? "missing" : format.toString())
              + ")");
    }
    int version = intField(root, "formatVersion", BundleLayout.MANIFEST);
    if (version > ModelBundle.CURRENT_FORMAT_VERSION) {
      throw new BundleProblem(
          "the bundle has format version "
              + version
              + "; this Siamage reads version "
              + ModelBundle.CURRENT_FORMAT_VERSION
              + " (a newer Siamage wrote it)");
    }
    if (version < 1) {
      throw new BundleProblem(
          "the bundle has unknown format version "
              + version
              + "; this Siamage reads version "
              + ModelBundle.CURRENT_FORMAT_VERSION);
    }
    JsonNode list = root.get("entries");
    if (list == null || !list.isArray()) {
      throw new BundleProblem(BundleLayout.MANIFEST + ": entries must be a list");
    }
    List<ManifestEntry> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String where = BundleLayout.MANIFEST + " entries[" + i + "]";
      if (!item.isObject()) {
        throw new BundleProblem(where + " must be an object");
      }
      String name = textField(item, "name", where);
      long size = longField(item, "size", where);
      if (size < 0) {
        throw new BundleProblem(where + ".size = " + size + ": must be ≥ 0");
      }
      String sha256 = textField(item, "sha256", where);
      if (!SHA_256.matcher(sha256).matches()) {
        throw new BundleProblem(
            where + ".sha256 = " + sha256 + ": expected 64 lower-case hex digits");
      }
      entries.add(new ManifestEntry(name, size, sha256));
    }
    return new Manifest(version, entries);
  }

  static Provenance parseProvenance(byte[] json) throws BundleProblem {
    String where = BundleLayout.PROVENANCE;
    JsonNode root = tree(json, where);
    JsonNode metricsNode = root.get("finalMetrics");
    if (metricsNode == null || !metricsNode.isObject()) {
      throw new BundleProblem(where + ": finalMetrics must be an object");
    }
    Map<String, String> metrics = new LinkedHashMap<>();
    var fields = metricsNode.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (!field.getValue().isTextual()) {
        throw new BundleProblem(
            where
                + ": finalMetrics."
                + field.getKey()
                + " must be text, found "
                + field.getValue());
      }
      metrics.put(field.getKey(), field.getValue().textValue());
    }
    String createdAt = textField(root, "createdAt", where);
    String trainingTime = textField(root, "trainingTime", where);
    try {
      return new Provenance(
          textField(root, "appVersion", where),
          textField(root, "javaVersion", where),
          textField(root, "operatingSystem", where),
          textField(root, "backend", where),
          longField(root, "seed", where),
          textField(root, "datasetName", where),
          textField(root, "datasetHash", where),
          textField(root, "splitHash", where),
          Instant.parse(createdAt),
          Duration.parse(trainingTime),
          metrics);
    } catch (DateTimeParseException e) {
      throw new BundleProblem(
          where
              + ": createdAt = "
              + createdAt
              + " or trainingTime = "
              + trainingTime
              + " is not an ISO-8601 instant or duration");
    } catch (IllegalArgumentException e) {
      throw new BundleProblem(where + ": " + e.getMessage());
    }
  }

  static GalleryFaces parseGalleryFaces(byte[] json) throws BundleProblem {
    String where = BundleLayout.GALLERY_FACES;
    JsonNode root = tree(json, where);
    int count = intField(root, "count", where);
    int dimension = intField(root, "dimension", where);
    JsonNode ids = array(root, "ids", count, where);
    JsonNode ages = array(root, "ages", count, where);
    JsonNode genders = array(root, "genders", count, where);
    List<String> idList = new ArrayList<>(count);
    int[] ageValues = new int[count];
    byte[] genderCodes = new byte[count];
    for (int i = 0; i < count; i++) {
      if (!ids.get(i).isTextual()) {
        throw new BundleProblem(where + ": ids[" + i + "] must be text, found " + ids.get(i));
      }
      idList.add(ids.get(i).textValue());
      if (!ages.get(i).canConvertToInt() || !ages.get(i).isIntegralNumber()) {
        throw new BundleProblem(
            where + ": ages[" + i + "] must be an integer, found " + ages.get(i));
      }
      ageValues[i] = ages.get(i).intValue();
      JsonNode gender = genders.get(i);
      if (!gender.isIntegralNumber() || gender.intValue() < 0 || gender.intValue() > 2) {
        throw new BundleProblem(
            where
                + ": genders["
                + i
                + "] = "
                + gender
                + ": expected 0 (female), 1 (male) or 2"
                + " (unknown)");
      }
      genderCodes[i] = (byte) gender.intValue();
    }
    return new GalleryFaces(count, dimension, idList, ageValues, genderCodes);
  }

  private static JsonNode tree(byte[] json, String where) throws BundleProblem {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BundleProblem(
          where
              + " is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "): "
              + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new BundleProblem(where + " cannot be parsed: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new BundleProblem(where + " must hold a JSON object");
    }
    return root;
  }

  private static JsonNode array(JsonNode root, String field, int count, String where)
      throws BundleProblem {
    JsonNode node = root.get(field);
    if (node == null || !node.isArray()) {
      throw new BundleProblem(where + ": " + field + " must be a list");
    }
    if (node.size() != count) {
      throw new BundleProblem(
          where + ": " + field + " has " + node.size() + " items but count is " + count);
    }
    return node;
  }

  private static String textField(JsonNode node, String field, String where) throws BundleProblem {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new BundleProblem(
          where + ": " + field + " must be text, found " + (value == null ? "nothing" : value));
    }
    return value.textValue();
  }

  private static long longField(JsonNode node, String field, String where) throws BundleProblem {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new BundleProblem(
          where
              + ": "
              + field
              + " must be an integer, found "
              + (value == null ? "nothing" : value));
    }
    return value.longValue();
  }

  private static int intField(JsonNode node, String field, String where) throws BundleProblem {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new BundleProblem(
          where
              + ": "
              + field
              + " must be an integer, found "
              + (value == null ? "nothing" : value));
    }
    return value.intValue();
  }
}
