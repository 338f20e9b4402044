package org.siamage.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the network is trained. Distances are Euclidean between L2-normalised embeddings (0..2).
 * Build changed copies with {@link #toBuilder()}.
 *
 * @param loss {@code revised-contrastive}, {@code contrastive}, {@code triplet}, {@code lifted}, or
 *     {@code none} (no pair loss: the plain-regression comparison, which needs an age head)
 * @param ageThreshold τ in years: a pair is similar when |Δage| ≤ τ
 * @param positiveShare ρ, share of similar pairs the sampler draws, 0..1
 * @param positiveMargin m_pos: similar pairs are not pulled closer than this
 * @param negativeMargin m_0: dissimilar pairs at the threshold are pushed at least this far apart
 * @param marginSlope κ: per year of age gap beyond τ, the negative margin grows by this much
 * @param maxNegativeMargin m_max: cap of the growing negative margin, ≤ 2
 * @param genderWeight λ_g, weight of the gender cross-entropy in the total loss, ≥ 0
 * @param optimizer {@code adam} or {@code sgd} (with momentum)
 * @param learningRate peak learning rate, &gt; 0
 * @param momentum SGD momentum, 0 ≤ x &lt; 1
 * @param schedule {@code constant}, {@code step} or {@code cosine}
 * @param warmupEpochs epochs of linear warm-up before the schedule, ≥ 0
 * @param stepEpochs for {@code step}: epochs between decays
 * @param stepFactor for {@code step}: factor applied at each decay, 0..1
 * @param batchSize pairs per iteration, ≥ 2 (a batch holds twice as many faces)
 * @param epochs number of epochs, ≥ 1
 * @param pairsPerEpoch pairs drawn each epoch (0 = as many as training faces)
 * @param hardNegativeMining prefer dissimilar partners the network currently places close
 * @param batchAllPairs the contrastive losses use every pair of the 2N faces in a batch, not only
 *     the N sampled pairs (triplet and lifted always mine the whole batch)
 * @param balancePairTerms the similar and the dissimilar term of a contrastive loss are each
 *     averaged over their own pairs (else both over all pairs, so the rarer kind weighs less)
 * @param ageHead {@code none}, {@code l1} (regression of the standardised age, L1) or {@code bins}
 *     (expected value of a softmax over one-year age bins, L1): an extension trained jointly with
 *     the pair loss (docs/method.md)
 * @param ageHeadWeight λ_a, weight of the age head's loss in the total, ≥ 0
 * @param ageLabelSpread for the {@code bins} head: σ in years of a Gaussian over the bins centred on
 *     the true age; the head's softmax is also fitted to it (cross-entropy, label distribution
 *     learning), so neighbouring ages share evidence. 0..20; 0 = L1 on the expected value only
 * @param earlyStoppingPatience epochs without validation MAE improvement before stopping (0 = off)
 * @param augment random changes of training faces, as {@code augmentation} says
 * @param augmentation {@code light} (horizontal flip, shifts of up to 2 pixels) or {@code strong}
 *     (flip, shift up to 6 % of the side, scale ±10 %, rotation ±10°, brightness and contrast
 *     ±20 %): stronger changes fight over-fitting on a few thousand faces (docs/method.md)
 * @param weightDecay decoupled weight decay per step (AdamW style): each weight matrix and kernel
 *     shrinks by learning rate × this, ≥ 0 (0 = off; biases and batch-norm parameters never decay)
 * @param erasing with {@code augment}: the probability (0..1, 0 = off) that a training face has one
 *     random rectangle (2–40 % of its area, aspect 0.3–3.3) set to mid grey, as in random erasing
 *     (Zhong et al. 2020), so no single region of the face carries the estimate
 * @param weightAveraging decay per optimizer step (0 = off, else 0.9–0.99999) of an exponential
 *     moving average of the weights and batch-norm statistics; validation, the best epoch and the
 *     final model use the average, training continues from the live weights (docs/method.md)
 * @param seed seed of sampling, shuffling, augmentation and initialisation
 */
public record TrainingConfig(
    Loss loss,
    double ageThreshold,
    double positiveShare,
    double positiveMargin,
    double negativeMargin,
    double marginSlope,
    double maxNegativeMargin,
    double genderWeight,
    Optimizer optimizer,
    double learningRate,
    double momentum,
    Schedule schedule,
    int warmupEpochs,
    int stepEpochs,
    double stepFactor,
    int batchSize,
    int epochs,
    int pairsPerEpoch,
    boolean hardNegativeMining,
    boolean batchAllPairs,
    boolean balancePairTerms,
    AgeHead ageHead,
    double ageHeadWeight,
    double ageLabelSpread,
    int earlyStoppingPatience,
    boolean augment,
    Augmentation augmentation,
    double weightDecay,
    double erasing,
    double weightAveraging,
    long seed) {
  /** {@code training.loss}: the pair (metric) loss, or none. */
  public enum Loss implements ConfigEnum {
    /** The paper's contrastive loss whose negative margin grows with the age gap. */
    REVISED_CONTRASTIVE("revised-contrastive"),
    /** The classic contrastive loss with one margin. */
    CONTRASTIVE("contrastive"),
    /** Triplet hinge over the batch. */
    TRIPLET("triplet"),
    /** Lifted structure over the batch. */
    LIFTED("lifted"),
    /** No pair loss: the network learns from its heads only (plain regression). */
    NONE("none");

    private final String wireName;

    Loss(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }

    /** The value written {@code name}; the error names {@code training.loss} and the allowed names. */
    @JsonCreator
    public static Loss fromWireName(String name) {
      return ConfigEnum.parse(Loss.class, "training.loss", name);
    }
  }


  /** {@code training.optimizer}: how the weights follow their gradients. */
  public enum Optimizer implements ConfigEnum {
    /** Adam. */
    ADAM("adam"),
    /** Stochastic gradient descent with Nesterov momentum ({@code momentum}). */
    SGD("sgd");

    private final String wireName;

    Optimizer(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }

    /** The value written {@code name}; the error names {@code training.optimizer} and the allowed names. */
    @JsonCreator
    public static Optimizer fromWireName(String name) {
      return ConfigEnum.parse(Optimizer.class, "training.optimizer", name);
    }
  }

  /** {@code training.schedule}: the learning rate after the warm-up. */
  public enum Schedule implements ConfigEnum {
    /** The peak rate throughout. */
    CONSTANT("constant"),
    /** The peak rate times {@code stepFactor} every {@code stepEpochs} epochs. */
    STEP("step"),
    /** Half a cosine from the peak rate towards zero at the last epoch, never below 1 % of the peak. */
    COSINE("cosine");

    private final String wireName;

    Schedule(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }

    /** The value written {@code name}; the error names {@code training.schedule} and the allowed names. */
    @JsonCreator
    public static Schedule fromWireName(String name) {
      return ConfigEnum.parse(Schedule.class, "training.schedule", name);
    }
  }

  /** {@code training.ageHead}: the age head trained beside the pair loss, or none. */
  public enum AgeHead implements ConfigEnum {
    /** No age head. */
    NONE("none"),
    /** Regression of the standardised age, L1. */
    L1("l1"),
    /** Expected value of a softmax over one-year age bins, L1. */
    BINS("bins");

    private final String wireName;

    AgeHead(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }

    /** The value written {@code name}; the error names {@code training.ageHead} and the allowed names. */
    @JsonCreator
    public static AgeHead fromWireName(String name) {
      return ConfigEnum.parse(AgeHead.class, "training.ageHead", name);
    }
  }

  /** {@code training.augmentation}: how strongly training faces are changed (with {@code augment}). */
  public enum Augmentation implements ConfigEnum {
    /** Horizontal flip, shifts of up to 2 pixels. */
    LIGHT("light"),
    /** Flip, shift up to 6 % of the side, scale ±10 %, rotation ±10°, brightness and contrast ±20 %. */
    STRONG("strong");

    private final String wireName;

    Augmentation(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }

    /** The value written {@code name}; the error names {@code training.augmentation} and the allowed names. */
    @JsonCreator
    public static Augmentation fromWireName(String name) {
      return ConfigEnum.parse(Augmentation.class, "training.augmentation", name);
    }
  }

  /** Whether an age head is trained. */
  public boolean hasAgeHead() {
    return ageHead != AgeHead.NONE;
  }

  /** Whether a pair (metric) loss is trained. */
  public boolean hasPairLoss() {
    return loss != Loss.NONE;
  }

  public TrainingConfig withLoss(Loss newLoss) {
    return toBuilder().loss(newLoss).build();
  }

  public TrainingConfig withEpochs(int newEpochs) {
    return toBuilder().epochs(newEpochs).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A changed copy of a config, field by field; unset fields keep the original's values. */
  public static final class Builder {
    private Loss loss;
    private double ageThreshold;
    private double positiveShare;
    private double positiveMargin;
    private double negativeMargin;
    private double marginSlope;
    private double maxNegativeMargin;
    private double genderWeight;
    private Optimizer optimizer;
    private double learningRate;
    private double momentum;
    private Schedule schedule;
    private int warmupEpochs;
    private int stepEpochs;
    private double stepFactor;
    private int batchSize;
    private int epochs;
    private int pairsPerEpoch;
    private boolean hardNegativeMining;
    private boolean batchAllPairs;
    private boolean balancePairTerms;
    private AgeHead ageHead;
    private double ageHeadWeight;
    private double ageLabelSpread;
    private int earlyStoppingPatience;
    private boolean augment;
    private Augmentation augmentation;
    private double weightDecay;
    private double erasing;
    private double weightAveraging;
    private long seed;

    private Builder(TrainingConfig c) {
      loss = c.loss;
      ageThreshold = c.ageThreshold;
      positiveShare = c.positiveShare;
      positiveMargin = c.positiveMargin;
      negativeMargin = c.negativeMargin;
      marginSlope = c.marginSlope;
      maxNegativeMargin = c.maxNegativeMargin;
      genderWeight = c.genderWeight;
      optimizer = c.optimizer;
      learningRate = c.learningRate;
      momentum = c.momentum;
      schedule = c.schedule;
      warmupEpochs = c.warmupEpochs;
      stepEpochs = c.stepEpochs;
      stepFactor = c.stepFactor;
      batchSize = c.batchSize;
      epochs = c.epochs;
      pairsPerEpoch = c.pairsPerEpoch;
      hardNegativeMining = c.hardNegativeMining;
      batchAllPairs = c.batchAllPairs;
      balancePairTerms = c.balancePairTerms;
      ageHead = c.ageHead;
      ageHeadWeight = c.ageHeadWeight;
      ageLabelSpread = c.ageLabelSpread;
      earlyStoppingPatience = c.earlyStoppingPatience;
      augment = c.augment;
      augmentation = c.augmentation;
      weightDecay = c.weightDecay;
      erasing = c.erasing;
      weightAveraging = c.weightAveraging;
      seed = c.seed;
    }

    public Builder loss(Loss value) { loss = value; return this; }
    public Builder ageThreshold(double value) { ageThreshold = value; return this; }
    public Builder positiveShare(double value) { positiveShare = value; return this; }
    public Builder positiveMargin(double value) { positiveMargin = value; return this; }
    public Builder negativeMargin(double value) { negativeMargin = value; return this; }
    public Builder marginSlope(double value) { marginSlope = value; return this; }
    public Builder maxNegativeMargin(double value) { maxNegativeMargin = value; return this; }
    public Builder genderWeight(double value) { genderWeight = value; return this; }
    public Builder optimizer(Optimizer value) { optimizer = value; return this; }
    public Builder learningRate(double value) { learningRate = value; return this; }
    public Builder momentum(double value) { momentum = value; return this; }
    public Builder schedule(Schedule value) { schedule = value; return this; }
    public Builder warmupEpochs(int value) { warmupEpochs = value; return this; }
    public Builder stepEpochs(int value) { stepEpochs = value; return this; }
    public Builder stepFactor(double value) { stepFactor = value; return this; }
    public Builder batchSize(int value) { batchSize = value; return this; }
    public Builder epochs(int value) { epochs = value; return this; }
    public Builder pairsPerEpoch(int value) { pairsPerEpoch = value; return this; }
    public Builder hardNegativeMining(boolean value) { hardNegativeMining = value; return this; }
    public Builder batchAllPairs(boolean value) { batchAllPairs = value; return this; }
    public Builder balancePairTerms(boolean value) { balancePairTerms = value; return this; }
    public Builder ageHead(AgeHead value) { ageHead = value; return this; }
    public Builder ageHeadWeight(double value) { ageHeadWeight = value; return this; }
    public Builder ageLabelSpread(double value) { ageLabelSpread = value; return this; }
    public Builder earlyStoppingPatience(int value) { earlyStoppingPatience = value; return this; }
    public Builder augment(boolean value) { augment = value; return this; }
    public Builder augmentation(Augmentation value) { augmentation = value; return this; }
    public Builder weightDecay(double value) { weightDecay = value; return this; }
    public Builder erasing(double value) { erasing = value; return this; }
    public Builder weightAveraging(double value) { weightAveraging = value; return this; }
    public Builder seed(long value) { seed = value; return this; }

    public TrainingConfig build() {
      return new TrainingConfig(loss, ageThreshold, positiveShare, positiveMargin, negativeMargin, marginSlope,
          maxNegativeMargin, genderWeight, optimizer, learningRate, momentum, schedule, warmupEpochs, stepEpochs,
          stepFactor, batchSize, epochs, pairsPerEpoch, hardNegativeMining, batchAllPairs, balancePairTerms,
          ageHead, ageHeadWeight, ageLabelSpread, earlyStoppingPatience, augment, augmentation, weightDecay, erasing,
          weightAveraging, seed);
    }
  }
}
