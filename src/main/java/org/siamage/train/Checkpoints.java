package org.siamage.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.siamage.model.bundle.NamedTensor;

/** Converts between the network's arrays and the bundle's plain tensors. */
final class Checkpoints {
  private Checkpoints() {}

  static List<NamedTensor> toTensors(Map<String, INDArray> arrays) {
    List<NamedTensor> tensors = new ArrayList<>(arrays.size());
    for (Map.Entry<String, INDArray> entry : arrays.entrySet()) {
      INDArray array = entry.getValue().castTo(DataType.FLOAT);
      float[] values = array.length() == 0 ? new float[0] : array.dup('c').data().asFloat();
      tensors.add(new NamedTensor(entry.getKey(), array.shape(), values));
    }
    return tensors;
  }

  static Map<String, INDArray> toArrays(List<NamedTensor> tensors) {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (NamedTensor tensor : tensors) {
      arrays.put(tensor.name(), Nd4j.create(tensor.values(), tensor.shape(), 'c'));
    }
    return arrays;
  }

  /** {@code checkpoints/epoch-0007.siamage} for 0-based epoch 6 (file names count from 1). */
  static Path epochFile(Path checkpointFolder, int epoch) {
    return checkpointFolder.resolve(String.format("epoch-%04d.siamage", epoch + 1));
  }
}
