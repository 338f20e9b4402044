package org.siamage.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.siamage.core.UserFacingException;

/**
 * A config value from a fixed set: an enum whose constants are written in JSON files and on the
 * command line by their wire names ({@code pre-aligned}, {@code revised-contrastive}, …), exactly
 * the strings these fields held before they were enums (ADR 0053). Each such enum serialises its
 * wire name ({@code @JsonValue} on {@link #wireName()}), reads it back through a
 * {@code @JsonCreator fromWireName} and returns it from {@code toString()}, so text that shows a
 * value (messages, reports, cache keys) reads as before.
 */
public interface ConfigEnum {
  /** The name in config files and on the command line, e.g. {@code pre-aligned}. */
  String wireName();

  /** The constant of {@code type} written {@code wireName}; empty for any other text or null. */
  static <E extends Enum<E> & ConfigEnum> Optional<E> find(Class<E> type, String wireName) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.wireName().equals(wireName)).findFirst();
  }

  /**
   * The constant of {@code type} written {@code wireName}.
   *
   * @param what the field path ({@code training.ageHead}) or the command-line option the text came
   *     from, named in the error
   * @throws UserFacingException "{@code training.ageHead: unknown value 'binz' (use none, l1 or
   *     bins)}" for any other text
   */
  static <E extends Enum<E> & ConfigEnum> E parse(Class<E> type, String what, String wireName) {
    return find(type, wireName).orElseThrow(() -> new UserFacingException(
        what + ": unknown value '" + wireName + "' (use " + inWords(wireNames(type)) + ")"));
  }

  /**
   * The constant of {@code type} a command-line option names by its wire name.
   *
   * @throws UserFacingException "{@code --preprocessing magic: expected detect or pre-aligned}" for
   *     any other text
   */
  static <E extends Enum<E> & ConfigEnum> E parseOption(Class<E> type, String option, String wireName) {
    return find(type, wireName).orElseThrow(() -> new UserFacingException(
        option + " " + wireName + ": expected " + inWords(wireNames(type))));
  }

  /** The wire names of {@code type}, in declaration order. */
  static List<String> wireNames(Class<? extends ConfigEnum> type) {
    return Arrays.stream(type.getEnumConstants()).map(ConfigEnum::wireName).toList();
  }

  /** The wire names of {@code type} in alphabetical order: the Train form's choices. */
  static List<String> sortedWireNames(Class<? extends ConfigEnum> type) {
    return wireNames(type).stream().sorted().toList();
  }

  /**
   * The problem of a field of {@code type} that holds no wire name of it, as {@link
   * ConfigValidator} reports it: "{@code training.ageHead = "binz": must be one of bins, l1, none}".
   *
   * @param written the value as written (quoted text, or {@code null})
   */
  static ConfigProblem problem(String field, String written, Class<? extends ConfigEnum> type) {
    return new ConfigProblem(field, written, "must be one of " + String.join(", ", sortedWireNames(type)));
  }

  private static String inWords(List<String> names) {
    return names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }
}
