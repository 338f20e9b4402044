package org.siamage.config;

import java.util.List;
import java.util.stream.Collectors;
import org.siamage.core.UserFacingException;

/** A config with one or more invalid fields; the message lists each field and its bad value. */
public final class InvalidConfigException extends UserFacingException {
  private final transient List<ConfigProblem> problems;

  public InvalidConfigException(String source, List<ConfigProblem> problems) {
    super(
        "Invalid experiment config"
            + (source.isEmpty() ? "" : " " + source)
            + ":\n"
            + problems.stream().map(p -> "  " + p.message()).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
