package org.siamage.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.siamage.core.AtomicFiles;
import org.siamage.core.UserFacingException;

/**
 * Reads and writes {@link ExperimentConfig} as JSON. Fields missing from a file take their
 * defaults from {@link ConfigDefaults}; unknown fields and wrong types are errors naming the field.
 * Enumerations ({@link ConfigEnum}) are written by their wire names; an unknown name is reported
 * with the other invalid values, as {@link ConfigValidator} words it.
 */
public final class ConfigJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  private ConfigJson() {}

  public static String write(ExperimentConfig config) {
    try {
      return MAPPER.writeValueAsString(config) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A config record always serialises", e);
    }
  }

  /** Writes atomically: a crash never leaves a half-written config. */
  public static void write(ExperimentConfig config, Path file) throws IOException {
    AtomicFiles.writeString(file, write(config));
  }

  /** Where the default experiment lives, relative to the working folder. */
  public static final Path DEFAULT_EXPERIMENT_FILE = Path.of("sample-data", "experiment.json");

  /**
   * The default experiment: {@link #DEFAULT_EXPERIMENT_FILE} when it exists in the working folder
   * (the project's copy), else the built-in {@link ConfigDefaults}.
   */
  public static ExperimentConfig readDefaultExperiment() {
    return Files.isRegularFile(DEFAULT_EXPERIMENT_FILE)
        ? read(DEFAULT_EXPERIMENT_FILE)
        : ConfigDefaults.experiment();
  }

  /** Reads, fills defaults and validates; errors name the file and the field. */
  public static ExperimentConfig read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserFacingException("Config file not found: " + file);
    } catch (IOException e) {
      throw new UserFacingException("Cannot read config file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses JSON text; {@code source} names it in messages. */
  public static ExperimentConfig parse(String json, String source) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UserFacingException(
          "Config " + source + " is not valid JSON (line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new UserFacingException("Config " + source + " must be a JSON object");
    }
    ObjectNode merged = MAPPER.valueToTree(ConfigDefaults.experiment());
    JsonNode version = tree.get("schemaVersion");
    if (version != null && version.isInt() && version.asInt() == 1) {
      upgradeFromVersion1(merged, (ObjectNode) tree);
    }
    mergeInto(merged, (ObjectNode) tree, "", source);
    Map<String, ConfigProblem> unknownNames = takeUnknownNames(merged);
    ExperimentConfig config;
    try {
      config = MAPPER.treeToValue(merged, ExperimentConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new UserFacingException(
          "Config " + source + ": unknown field " + path(e) + " (known: "
              + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                  .collect(Collectors.joining(", ")) + ")");
    } catch (InvalidFormatException e) {
      throw new UserFacingException(
          "Config " + source + ": " + path(e) + " = " + e.getValue() + ": expected "
              + e.getTargetType().getSimpleName());
    } catch (MismatchedInputException e) {
      throw new UserFacingException(
          "Config " + source + ": " + path(e) + " has the wrong type, expected "
              + (e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName()));
    } catch (JsonProcessingException e) {
      throw new UserFacingException("Config " + source + ": " + e.getOriginalMessage());
    }
    List<ConfigProblem> problems = new ArrayList<>();
    for (ConfigProblem problem : ConfigValidator.problems(config)) {
      // the validator sees the taken name as null; the message shows it as written
      ConfigProblem asWritten = "null".equals(problem.value()) ? unknownNames.remove(problem.field()) : null;
      problems.add(asWritten != null ? asWritten : problem);
    }
    problems.addAll(unknownNames.values());
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(source, problems);
    }
    return config;
  }

  /**
   * Takes every enumeration value of {@code merged} that is not one of its wire names (a {@link
   * ConfigEnum} cannot hold it) and leaves null in its place, so the rest still binds and is
   * validated: all problems are reported at once, each bad name as written.
   *
   * @return field path → problem, in field order
   */
  private static Map<String, ConfigProblem> takeUnknownNames(ObjectNode merged) {
    Map<String, ConfigProblem> found = new LinkedHashMap<>();
    for (RecordComponent section : ExperimentConfig.class.getRecordComponents()) {
      if (!(merged.get(section.getName()) instanceof ObjectNode fields) || !section.getType().isRecord()) {
        continue;
      }
      for (RecordComponent field : section.getType().getRecordComponents()) {
        JsonNode value = fields.get(field.getName());
        if (!ConfigEnum.class.isAssignableFrom(field.getType()) || value == null) {
          continue;
        }
        Class<? extends ConfigEnum> type = field.getType().asSubclass(ConfigEnum.class);
        if (!value.isTextual() || !ConfigEnum.wireNames(type).contains(value.asText())) {
          String path = section.getName() + "." + field.getName();
          found.put(path, ConfigEnum.problem(path,
              value.isValueNode() ? "\"" + value.asText() + "\"" : value.toString(), type));
          fields.putNull(field.getName());
        }
      }
    }
    return found;
  }

  /**
   * A schema-1 file (written before the heads could read the pooled features and the pair terms
   * were balanced) means what it meant then: the fields it could not name take their schema-1
   * values, not today's defaults (heads on the embedding, terms averaged over all pairs, no tuning
   * on the validation part), so old runs resume and old bundles load unchanged. The result is a
   * current config.
   */
  private static void upgradeFromVersion1(ObjectNode defaults, ObjectNode given) {
    ((ObjectNode) defaults.get("model")).put("headInput", ModelConfig.HeadInput.EMBEDDING.wireName());
    ((ObjectNode) defaults.get("training")).put("balancePairTerms", false);
    ((ObjectNode) defaults.get("evaluation")).put("tuneOnValidation", false);
    given.put("schemaVersion", ExperimentConfig.SCHEMA_VERSION);
  }

  /** Copies the file's values over the defaults, section by section; unknown names are errors. */
  private static void mergeInto(ObjectNode defaults, ObjectNode given, String prefix, String source) {
    Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = prefix + field.getKey();
      JsonNode current = defaults.get(field.getKey());
      if (current == null) {
        throw new UserFacingException(
            "Config " + source + ": unknown field " + name + " (known: "
                + String.join(", ", iterable(defaults.fieldNames())) + ")");
      }
      if (current.isObject()) {
        if (!field.getValue().isObject()) {
          throw new UserFacingException(
              "Config " + source + ": " + name + " must be an object, found " + field.getValue());
        }
        mergeInto((ObjectNode) current, (ObjectNode) field.getValue(), name + ".", source);
      } else {
        if (field.getValue().isNull()) {
          throw new UserFacingException("Config " + source + ": " + name + " must not be null");
        }
        defaults.set(field.getKey(), field.getValue());
      }
    }
  }

  private static Iterable<String> iterable(Iterator<String> names) {
    java.util.List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  private static String path(MismatchedInputException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}
