package org.siamage.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.siamage.config.ModelConfig;
import org.siamage.core.UserFacingException;

/**
 * Loads ImageNet weights of a Keras {@code InceptionV3} (an {@code .h5} written by {@code
 * model.save} or {@code save_weights}, or Keras' {@code inception_v3_..._notop.h5}) into the
 * {@code inception-v3} backbone, for transfer learning.
 *
 * <p>Keras numbers its layers in creation order ({@code conv2d}, {@code conv2d_1}, … or {@code
 * conv2d_1}, {@code conv2d_2}, …), and Siamage's backbone creates its 94 convolutions and batch
 * norms in the same order as {@code keras.applications.InceptionV3}. So the i-th Keras convolution
 * kernel ({@code [kH, kW, in, out]}, the same layout as Siamage's) goes to the i-th convolution, and
 * the i-th batch norm's {@code beta}, {@code moving_mean}, {@code moving_variance} (and {@code
 * gamma}, which InceptionV3 leaves out: scale 1) to the i-th batch norm. Every shape is checked;
 * the classifier and the embedding layer are left as initialised.
 */
public final class KerasInceptionV3Weights {
  /** Convolutions (and batch norms) of Inception V3 without its classifier. */
  public static final int CONVOLUTIONS = 94;

  private static final Pattern CONV = Pattern.compile("conv2d(?:_(\\d+))?");
  private static final Pattern BATCH_NORM = Pattern.compile("batch_normalization(?:_(\\d+))?");

  private KerasInceptionV3Weights() {}

  /** Weights read from the file, in Keras creation order. */
  record KerasLayers(List<INDArray> kernels, List<Map<String, INDArray>> batchNorms) {}

  /**
   * Copies the Keras weights into {@code network}, whose backbone must be {@code inception-v3}.
   *
   * @return the number of arrays loaded
   * @throws UserFacingException naming the file and the first layer that does not fit
   */
  public static int load(Path h5File, SiameseNetwork network) {
    if (network.modelConfig().backbone() != ModelConfig.Backbone.INCEPTION_V3) {
      throw new UserFacingException("Keras ImageNet weights fit only the inception-v3 backbone, not "
          + network.modelConfig().backbone());
    }
    if (!Files.isRegularFile(h5File)) {
      throw new UserFacingException("Keras weights file not found: " + h5File);
    }
    KerasLayers layers = read(h5File);
    List<String> convolutions = new ArrayList<>();
    List<String> batchNorms = new ArrayList<>();
    for (String name : network.parameterNamesInCreationOrder()) {
      SDVariable variable = network.sameDiff().getVariable(name);
      if (name.startsWith("inception-v3/") && name.endsWith("/weights") && variable.getArr() != null
          && variable.getArr().rank() == 4) {
        convolutions.add(name.substring(0, name.length() - "/weights".length()));
      } else if (name.startsWith("inception-v3/") && name.endsWith("/running-mean")) {
        batchNorms.add(name.substring(0, name.length() - "/running-mean".length()));
      }
    }
    if (layers.kernels().size() != convolutions.size() || layers.batchNorms().size() != batchNorms.size()) {
      throw new UserFacingException(String.format(
          "%s holds %d convolutions and %d batch norms; Inception V3 has %d and %d (is it an InceptionV3"
              + " without its top?)", h5File, layers.kernels().size(), layers.batchNorms().size(),
          convolutions.size(), batchNorms.size()));
    }
    Map<String, INDArray> values = new LinkedHashMap<>(network.parameters());
    int loaded = 0;
    for (int i = 0; i < convolutions.size(); i++) {
      loaded += put(values, convolutions.get(i) + "/weights", layers.kernels().get(i), h5File, "convolution " + (i + 1));
    }
    for (int i = 0; i < batchNorms.size(); i++) {
      Map<String, INDArray> norm = layers.batchNorms().get(i);
      String prefix = batchNorms.get(i);
      String layer = "batch norm " + (i + 1);
      loaded += put(values, prefix + "/shift", norm.get("beta"), h5File, layer);
      loaded += put(values, prefix + "/running-mean", norm.get("moving_mean"), h5File, layer);
      loaded += put(values, prefix + "/running-variance", norm.get("moving_variance"), h5File, layer);
      if (norm.containsKey("gamma")) {
        loaded += put(values, prefix + "/scale", norm.get("gamma"), h5File, layer);
      } else {
        values.get(prefix + "/scale").assign(1);
      }
    }
    network.loadParameters(values);
    return loaded;
  }

  private static int put(Map<String, INDArray> values, String name, INDArray source, Path file, String layer) {
    INDArray target = values.get(name);
    if (target == null) {
      throw new IllegalStateException("the inception-v3 backbone has no parameter " + name);
    }
    if (source == null) {
      throw new UserFacingException(file + ": " + layer + " lacks a weight for " + name);
    }
    if (source.length() != target.length()) {
      throw new UserFacingException(file + ": " + layer + " has shape " + Arrays.toString(source.shape())
          + " but " + name + " needs " + Arrays.toString(target.shape()));
    }
    values.put(name, source.castTo(target.dataType()).reshape(target.shape()).dup());
    return 1;
  }

  /** Reads every convolution kernel and batch norm of a Keras file, in creation order. */
  static KerasLayers read(Path h5File) {
    List<Map.Entry<Integer, INDArray>> kernels = new ArrayList<>();
    List<Map.Entry<Integer, Map<String, INDArray>>> norms = new ArrayList<>();
    try (Hdf5Archive archive = new Hdf5Archive(h5File.toString())) {
      String[] root = archive.getGroups().contains("model_weights") ? new String[] {"model_weights"} : new String[0];
      for (String layer : archive.getGroups(root)) {
        Matcher conv = CONV.matcher(layer);
        Matcher norm = BATCH_NORM.matcher(layer);
        if (conv.matches()) {
          Map<String, INDArray> weights = datasets(archive, append(root, layer));
          INDArray kernel = weights.get("kernel");
          if (kernel == null || kernel.rank() != 4) {
            throw new UserFacingException(h5File + ": layer " + layer + " has no 4-d kernel");
          }
          kernels.add(Map.entry(order(conv), kernel));
        } else if (norm.matches()) {
          norms.add(Map.entry(order(norm), datasets(archive, append(root, layer))));
        }
      }
    } catch (UserFacingException e) {
      throw e;
    } catch (Exception e) {
      throw new UserFacingException("Cannot read Keras weights from " + h5File + ": " + e.getMessage(), e);
    }
    kernels.sort(Comparator.comparingInt(Map.Entry::getKey));
    norms.sort(Comparator.comparingInt(Map.Entry::getKey));
    return new KerasLayers(kernels.stream().map(Map.Entry::getValue).toList(),
        norms.stream().map(Map.Entry::getValue).toList());
  }

  /** Datasets below a layer group (Keras nests them one or two groups deep), by short name. */
  private static Map<String, INDArray> datasets(Hdf5Archive archive, String[] groups) throws Exception {
    Map<String, INDArray> found = new LinkedHashMap<>();
    for (String dataset : archive.getDataSets(groups)) {
      found.put(shortName(dataset), archive.readDataSet(dataset, groups).castTo(DataType.FLOAT));
    }
    for (String child : archive.getGroups(groups)) {
      found.putAll(datasets(archive, append(groups, child)));
    }
    return found;
  }

  /** "kernel:0" → "kernel", "moving_mean:0" → "moving_mean". */
  private static String shortName(String dataset) {
    int colon = dataset.indexOf(':');
    return colon < 0 ? dataset : dataset.substring(0, colon);
  }

  private static int order(Matcher matcher) {
    return matcher.group(1) == null ? 0 : Integer.parseInt(matcher.group(1));
  }

  private static String[] append(String[] groups, String child) {
    String[] path = Arrays.copyOf(groups, groups.length + 1);
    path[groups.length] = child;
    return path;
  }
}
