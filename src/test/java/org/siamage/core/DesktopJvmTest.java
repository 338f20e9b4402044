package org.siamage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DesktopJvmTest {
  @Test
  void theDesktopStartCommandRunsWithTheOptionsTheBenchmarksUse() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    int plugin = pom.indexOf("<artifactId>javafx-maven-plugin</artifactId>");
    assertThat(plugin).as("javafx-maven-plugin in pom.xml").isPositive();
    String options = pom.substring(pom.indexOf("<options>", plugin), pom.indexOf("</options>", plugin));
    List<String> listed = new ArrayList<>();
    Matcher option = Pattern.compile("<option>([^<]+)</option>").matcher(options);
    while (option.find()) {
      listed.add(option.group(1).trim());
    }
    assertThat(listed).isEqualTo(DesktopJvm.OPTIONS);
  }

  @Test
  void theReadmeGivesTheSameOptionsForTheJar() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains("java " + String.join(" ", DesktopJvm.OPTIONS) + " -jar target/siamage.jar");
  }
}
