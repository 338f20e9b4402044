package org.siamage.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class InceptionV3Test {
  private static final Logger LOG = LoggerFactory.getLogger(InceptionV3Test.class);

  @Test
  void featureExtractorHasTheParameterCountOfInceptionV3() {
    SameDiff sameDiff = SameDiff.create();
    ParameterFactory parameters = new ParameterFactory(sameDiff, DataType.FLOAT, 1);
    new InceptionV3(parameters, InceptionV3.STANDARD_INPUT_SIZE, 128);
    long features = 0;
    long embedding = 0;
    for (SDVariable variable : sameDiff.variables()) {
      if (variable.getArr() == null || !variable.name().startsWith("inception-v3/")) {
        continue;
      }
      if (variable.name().startsWith("inception-v3/embedding/")) {
        embedding += variable.getArr().length();
      } else {
        features += variable.getArr().length();
      }
    }
    LOG.info("inception-v3 feature extractor: {} parameters (+ {} in the embedding layer)", features, embedding);
    // Keras' InceptionV3 without top: 21,802,784 (batch norm without scale); ours adds 17,216 scales
    assertThat((double) features).isCloseTo(21.8e6, Percentage.withPercentage(1));
    assertThat(embedding).isEqualTo(2048L * 128 + 128);
  }

  @Test
  @Tag("slow")
  void forwardPassAtTheStandardInputSizeGivesAUnitEmbedding() {
    SameDiff sameDiff = SameDiff.create();
    ParameterFactory parameters = new ParameterFactory(sameDiff, DataType.FLOAT, 1);
    InceptionV3 backbone = new InceptionV3(parameters, InceptionV3.STANDARD_INPUT_SIZE, 128);
    SDVariable input = sameDiff.placeHolder("input", DataType.FLOAT, -1, 3, 299, 299);
    backbone.embed(input, "embedding", TowerContext.inference());
    long start = System.nanoTime();
    Map<String, INDArray> output =
        sameDiff.output(Map.of("input", Nd4j.rand(DataType.FLOAT, 1, 3, 299, 299).muli(2).subi(1)), "embedding");
    LOG.info("inception-v3 forward pass at 299 px, batch 1: {} ms", (System.nanoTime() - start) / 1_000_000);
    INDArray embedding = output.get("embedding");
    assertThat(embedding.shape()).containsExactly(1, 128);
    assertThat(embedding.norm2Number().doubleValue()).isCloseTo(1.0, Offset.offset(1e-4));
  }
}
