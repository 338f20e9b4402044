package org.siamage.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siamage.core.UserFacingException;

/** Every enumeration of the experiment config reads and writes its wire names (ADR 0053). */
class ConfigEnumTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The enum-typed fields of the config's sections; their paths ("section.field") go to {@code paths}. */
  private static List<RecordComponent> enumerationFields(List<String> paths) {
    List<RecordComponent> fields = new ArrayList<>();
    for (RecordComponent section : ExperimentConfig.class.getRecordComponents()) {
      if (!section.getType().isRecord()) {
        continue;
      }
      for (RecordComponent field : section.getType().getRecordComponents()) {
        if (field.getType().isEnum()) {
          fields.add(field);
          paths.add(section.getName() + "." + field.getName());
        }
      }
    }
    return fields;
  }

  @Test
  void everyEnumerationOfTheConfigIsAConfigEnum() {
    List<String> paths = new ArrayList<>();
    List<RecordComponent> fields = enumerationFields(paths);
    assertThat(paths).containsExactlyInAnyOrder("preprocessing.mode", "model.backbone", "model.headInput",
        "training.loss", "training.optimizer", "training.schedule", "training.ageHead", "training.augmentation",
        "evaluation.estimator", "projection.method");
    for (RecordComponent field : fields) {
      assertThat(ConfigEnum.class).as(field.getName()).isAssignableFrom(field.getType());
    }
  }

  @Test
  void eachConstantReadsAndWritesItsWireName() throws Exception {
    List<String> paths = new ArrayList<>();
    List<RecordComponent> fields = enumerationFields(paths);
    for (int i = 0; i < fields.size(); i++) {
      Class<?> type = fields.get(i).getType();
      Method fromWireName = type.getMethod("fromWireName", String.class);
      List<String> names = ConfigEnum.wireNames(type.asSubclass(ConfigEnum.class));
      assertThat(names).as(paths.get(i)).doesNotHaveDuplicates();
      for (Object constant : type.getEnumConstants()) {
        String wireName = ((ConfigEnum) constant).wireName();
        assertThat(fromWireName.invoke(null, wireName)).isSameAs(constant);
        assertThat(constant).hasToString(wireName);
        assertThat(JSON.writeValueAsString(constant)).isEqualTo("\"" + wireName + "\"");
        assertThat(JSON.readValue("\"" + wireName + "\"", type)).isSameAs(constant);
      }
      String path = paths.get(i);
      assertThatThrownBy(() -> {
        try {
          fromWireName.invoke(null, "nonsense");
        } catch (java.lang.reflect.InvocationTargetException e) {
          throw e.getCause();
        }
      }).isInstanceOf(UserFacingException.class).hasMessageStartingWith(path + ": unknown value 'nonsense' (use ");
    }
  }

  @Test
  void anUnknownNameIsNamedWithTheFieldAndTheNamesItMayTake() {
    assertThatThrownBy(() -> TrainingConfig.AgeHead.fromWireName("binz"))
        .isInstanceOf(UserFacingException.class)
        .hasMessage("training.ageHead: unknown value 'binz' (use none, l1 or bins)");
    assertThatThrownBy(() -> ModelConfig.HeadInput.fromWireName(null))
        .hasMessage("model.headInput: unknown value 'null' (use embedding or features)");
    assertThatThrownBy(() -> ConfigEnum.parseOption(PreprocessingConfig.Mode.class, "--mode", "magic"))
        .isInstanceOf(UserFacingException.class)
        .hasMessage("--mode magic: expected detect or pre-aligned");
  }

  @Test
  void theValidatorsWordingListsTheNamesInAlphabeticalOrder() {
    assertThat(ConfigEnum.problem("training.ageHead", "\"binz\"", TrainingConfig.AgeHead.class).message())
        .isEqualTo("training.ageHead = \"binz\": must be one of bins, l1, none");
    assertThat(ConfigEnum.sortedWireNames(TrainingConfig.Loss.class))
        .containsExactly("contrastive", "lifted", "none", "revised-contrastive", "triplet");
  }
}
