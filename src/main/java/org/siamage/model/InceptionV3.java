package org.siamage.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.siamage.config.ModelConfig;

/**
 * Inception V3 (Szegedy et al. 2016), the paper's backbone, without the auxiliary classifier and
 * the 1000-way classifier. Every convolution is conv (no bias) → batch norm → ReLU. Shapes for the
 * standard 299×299 input:
 *
 * <ul>
 *   <li>stem: 3×3/2 V (32) → 3×3 V (32) → 3×3 S (64) → max 3×3/2 → 1×1 (80) → 3×3 V (192) → max
 *       3×3/2: {@code [N, 3, 299, 299]} → {@code [N, 192, 35, 35]}
 *   <li>3 × Inception-A (pool projection 32, 64, 64): → {@code [N, 288, 35, 35]}
 *   <li>grid reduction A: → {@code [N, 768, 17, 17]}
 *   <li>4 × Inception-B with 1×7 / 7×1 factorisation (inner width 128, 160, 160, 192): → {@code [N,
 *       768, 17, 17]}
 *   <li>grid reduction B: → {@code [N, 1280, 8, 8]}
 *   <li>2 × Inception-C (expanded 1×3 / 3×1 branches): → {@code [N, 2048, 8, 8]}
 *   <li>global average pooling {@code [N, 2048]} → dense → L2 normalisation {@code [N, E]}
 * </ul>
 *
 * The feature extractor (everything before the dense layer) has about 21.8 M parameters, counting
 * batch-norm scale, shift and running statistics.
 */
public final class InceptionV3 extends SizedBackbone {
  /** Input side of the original network in pixels. */
  public static final int STANDARD_INPUT_SIZE = 299;

  private final SameDiff sameDiff;
  private final List<ConvUnit> stem = new ArrayList<>();
  private final List<Module> modules = new ArrayList<>();
  private final EmbeddingLayer embedding;

  public InceptionV3(ParameterFactory parameters, int inputSize, int embeddingSize) {
    super(ModelConfig.Backbone.INCEPTION_V3, inputSize, embeddingSize);
    if (inputSize < 75) {
      throw new IllegalArgumentException("inception-v3 needs an input of at least 75 px, got " + inputSize);
    }
    this.sameDiff = parameters.sameDiff();
    String p = "inception-v3/";
    stem.add(ConvUnit.normalised(parameters, p + "stem1", 3, 32, 3, 2, false));
    stem.add(ConvUnit.normalised(parameters, p + "stem2", 32, 32, 3, 1, false));
    stem.add(ConvUnit.normalised(parameters, p + "stem3", 32, 64, 3, 1, true));
    stem.add(null); // max pool 3×3/2
    stem.add(ConvUnit.normalised(parameters, p + "stem4", 64, 80, 1, 1, false));
    stem.add(ConvUnit.normalised(parameters, p + "stem5", 80, 192, 3, 1, false));
    stem.add(null); // max pool 3×3/2
    modules.add(new InceptionA(parameters, p + "mixed0", 192, 32));
    modules.add(new InceptionA(parameters, p + "mixed1", 256, 64));
    modules.add(new InceptionA(parameters, p + "mixed2", 288, 64));
    modules.add(new ReductionA(parameters, p + "mixed3", 288));
    modules.add(new InceptionB(parameters, p + "mixed4", 768, 128));
    modules.add(new InceptionB(parameters, p + "mixed5", 768, 160));
    modules.add(new InceptionB(parameters, p + "mixed6", 768, 160));
    modules.add(new InceptionB(parameters, p + "mixed7", 768, 192));
    modules.add(new ReductionB(parameters, p + "mixed8", 768));
    modules.add(new InceptionC(parameters, p + "mixed9", 1280));
    modules.add(new InceptionC(parameters, p + "mixed10", 2048));
    embedding = new EmbeddingLayer(parameters, p + "embedding", 2048, embeddingSize);
  }

  @Override
  public int featureSize() {
    return 2048;
  }

  @Override
  public Tower tower(SDVariable images, String embeddingName, TowerContext context) {
    SDVariable x = images;
    for (ConvUnit unit : stem) {
      x = unit == null ? Layers.maxPool(sameDiff, x, 3, 2, false) : unit.apply(sameDiff, x, context);
    }
    for (Module module : modules) {
      x = module.apply(x, context);
    }
    SDVariable pooled = Layers.globalAveragePool(x);
    return new Tower(pooled, embedding.apply(sameDiff, pooled, embeddingName));
  }

  private interface Module {
    SDVariable apply(SDVariable input, TowerContext context);
  }

  private SDVariable chain(SDVariable input, TowerContext context, ConvUnit... units) {
    SDVariable x = input;
    for (ConvUnit unit : units) {
      x = unit.apply(sameDiff, x, context);
    }
    return x;
  }

  /** 35×35 module: 1×1 (64) | 1×1 (48) → 5×5 (64) | 1×1 (64) → 3×3 (96) → 3×3 (96) | avg → 1×1. */
  private final class InceptionA implements Module {
    private final ConvUnit single;
    private final ConvUnit[] five;
    private final ConvUnit[] doubleThree;
    private final ConvUnit poolProjection;

    InceptionA(ParameterFactory parameters, String name, int in, int poolChannels) {
      single = ConvUnit.normalised(parameters, name + "/1x1", in, 64, 1, 1, true);
      five =
          new ConvUnit[] {
            ConvUnit.normalised(parameters, name + "/5x5-reduce", in, 48, 1, 1, true),
            ConvUnit.normalised(parameters, name + "/5x5", 48, 64, 5, 1, true)
          };
      doubleThree =
          new ConvUnit[] {
            ConvUnit.normalised(parameters, name + "/3x3dbl-reduce", in, 64, 1, 1, true),
            ConvUnit.normalised(parameters, name + "/3x3dbl-a", 64, 96, 3, 1, true),
            ConvUnit.normalised(parameters, name + "/3x3dbl-b", 96, 96, 3, 1, true)
          };
      poolProjection = ConvUnit.normalised(parameters, name + "/pool-projection", in, poolChannels, 1, 1, true);
    }

    @Override
    public SDVariable apply(SDVariable input, TowerContext context) {
      return sameDiff.concat(
          1,
          single.apply(sameDiff, input, context),
          chain(input, context, five),
          chain(input, context, doubleThree),
          poolProjection.apply(sameDiff, Layers.averagePool(sameDiff, input, 3, 1, true), context));
    }
  }

  /** 35 → 17 reduction: 3×3/2 (384) | 1×1 (64) → 3×3 (96) → 3×3/2 (96) | max 3×3/2. */
  private final class ReductionA implements Module {
    private final ConvUnit three;
    private final ConvUnit[] doubleThree;

    ReductionA(ParameterFactory parameters, String name, int in) {
      three = ConvUnit.normalised(parameters, name + "/3x3", in, 384, 3, 2, false);
      doubleThree =
          new ConvUnit[] {
            ConvUnit.normalised(parameters, name + "/3x3dbl-reduce", in, 64, 1, 1, true),
            ConvUnit.normalised(parameters, name + "/3x3dbl-a", 64, 96, 3, 1, true),
            ConvUnit.normalised(parameters, name + "/3x3dbl-b", 96, 96, 3, 2, false)
          };
    }

    @Override
    public SDVariable apply(SDVariable input, TowerContext context) {
      return sameDiff.concat(
          1,
          three.apply(sameDiff, input, context),
          chain(input, context, doubleThree),
          Layers.maxPool(sameDiff, input, 3, 2, false));
    }
  }

  /**
   * 17×17 module with 7×7 factorised into 1×7 and 7×1: 1×1 (192) | 1×1 (c) → 1×7 (c) → 7×1 (192) |
   * 1×1 (c) → 7×1 (c) → 1×7 (c) → 7×1 (c) → 1×7 (192) | avg → 1×1 (192).
   */
  private final class InceptionB implements Module {
    private final ConvUnit single;
    private final ConvUnit[] seven;
    private final ConvUnit[] doubleSeven;
    private final ConvUnit poolProjection;

    InceptionB(ParameterFactory parameters, String name, int in, int c) {
      single = ConvUnit.normalised(parameters, name + "/1x1", in, 192, 1, 1, true);
      seven =
          new ConvUnit[] {
            ConvUnit.normalised(parameters, name + "/7x7-reduce", in, c, 1, 1, true),
            ConvUnit.factorised(parameters, name + "/7x7-1x7", c, c, 1, 7),
            ConvUnit.factorised(parameters, name + "/7x7-7x1", c, 192, 7, 1)
          };
      doubleSeven =
          new ConvUnit[] {
            ConvUnit.normalised(parameters, name + "/7x7dbl-reduce", in, c, 1, 1, true),
            ConvUnit.factorised(parameters, name + "/7x7dbl-7x1a", c, c, 7, 1),
            ConvUnit.factorised(parameters, name + "/7x7dbl-1x7a", c, c, 1, 7),
            ConvUnit.factorised(parameters, name + "/7x7dbl-7x1b", c, c, 7, 1),
            ConvUnit.factorised(parameters, name + "/7x7dbl-1x7b", c, 192, 1, 7)
          };
      poolProjection = ConvUnit.normalised(parameters, name + "/pool-projection", in, 192, 1, 1, true);
    }

    @Override
    public SDVariable apply(SDVariable input, TowerContext context) {
      return sameDiff.concat(
          1,
          single.apply(sameDiff, input, context),
          chain(input, context, seven),
          chain(input, context, doubleSeven),
          poolProjection.apply(sameDiff, Layers.averagePool(sameDiff, input, 3, 1, true), context));
    }
  }

  /** 17 → 8 reduction: 1×1 (192) → 3×3/2 (320) | 1×1 (192) → 1×7 → 7×1 → 3×3/2 (192) | max 3×3/2. */
  private final class ReductionB implements Module {
    private final ConvUnit[] three;
    private final ConvUnit[] sevenThree;

    ReductionB(ParameterFactory parameters, String name, int in) {
      three =
          new ConvUnit[] {
            ConvUnit.normalised(parameters, name + "/3x3-reduce", in, 192, 1, 1, true),
            ConvUnit.normalised(parameters, name + "/3x3", 192, 320, 3, 2, false)
          };
      sevenThree =
          new ConvUnit[] {
            ConvUnit.normalised(parameters, name + "/7x7x3-reduce", in, 192, 1, 1, true),
            ConvUnit.factorised(parameters, name + "/7x7x3-1x7", 192, 192, 1, 7),
            ConvUnit.factorised(parameters, name + "/7x7x3-7x1", 192, 192, 7, 1),
            ConvUnit.normalised(parameters, name + "/7x7x3-3x3", 192, 192, 3, 2, false)
          };
    }

    @Override
    public SDVariable apply(SDVariable input, TowerContext context) {
      return sameDiff.concat(
          1,
          chain(input, context, three),
          chain(input, context, sevenThree),
          Layers.maxPool(sameDiff, input, 3, 2, false));
    }
  }

  /**
   * 8×8 module with expanded filter banks: 1×1 (320) | 1×1 (384) → [1×3 (384), 3×1 (384)] | 1×1
   * (448) → 3×3 (384) → [1×3 (384), 3×1 (384)] | avg → 1×1 (192); 2048 channels out.
   */
  private final class InceptionC implements Module {
    private final ConvUnit single;
    private final ConvUnit threeReduce;
    private final ConvUnit threeWide;
    private final ConvUnit threeTall;
    private final ConvUnit[] doubleThree;
    private final ConvUnit doubleThreeWide;
    private final ConvUnit doubleThreeTall;
    private final ConvUnit poolProjection;

    InceptionC(ParameterFactory parameters, String name, int in) {
      single = ConvUnit.normalised(parameters, name + "/1x1", in, 320, 1, 1, true);
      threeReduce = ConvUnit.normalised(parameters, name + "/3x3-reduce", in, 384, 1, 1, true);
      threeWide = ConvUnit.factorised(parameters, name + "/3x3-1x3", 384, 384, 1, 3);
      threeTall = ConvUnit.factorised(parameters, name + "/3x3-3x1", 384, 384, 3, 1);
      doubleThree =
          new ConvUnit[] {
            ConvUnit.normalised(parameters, name + "/3x3dbl-reduce", in, 448, 1, 1, true),
            ConvUnit.normalised(parameters, name + "/3x3dbl", 448, 384, 3, 1, true)
          };
      doubleThreeWide = ConvUnit.factorised(parameters, name + "/3x3dbl-1x3", 384, 384, 1, 3);
      doubleThreeTall = ConvUnit.factorised(parameters, name + "/3x3dbl-3x1", 384, 384, 3, 1);
      poolProjection = ConvUnit.normalised(parameters, name + "/pool-projection", in, 192, 1, 1, true);
    }

    @Override
    public SDVariable apply(SDVariable input, TowerContext context) {
      SDVariable three = threeReduce.apply(sameDiff, input, context);
      SDVariable doubled = chain(input, context, doubleThree);
      return sameDiff.concat(
          1,
          single.apply(sameDiff, input, context),
          threeWide.apply(sameDiff, three, context),
          threeTall.apply(sameDiff, three, context),
          doubleThreeWide.apply(sameDiff, doubled, context),
          doubleThreeTall.apply(sameDiff, doubled, context),
          poolProjection.apply(sameDiff, Layers.averagePool(sameDiff, input, 3, 1, true), context));
    }
  }
}
