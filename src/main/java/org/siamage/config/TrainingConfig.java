package org.siamage.config;

/**
 * How the network is trained. Distances are Euclidean between L2-normalised embeddings (0..2).
 *
 * @param loss {@code revised-contrastive}, {@code contrastive}, {@code triplet} or {@code lifted}
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
 * @param batchSize pairs per iteration, ≥ 2
 * @param epochs number of epochs, ≥ 1
 * @param pairsPerEpoch pairs drawn each epoch (0 = as many as training faces)
 * @param hardNegativeMining prefer dissimilar partners the network currently places close
 * @param batchAllPairs the contrastive losses use every pair of the 2N faces in a batch, not only
 *     the N sampled pairs (triplet and lifted always mine the whole batch)
 * @param earlyStoppingPatience epochs without validation MAE improvement before stopping (0 = off)
 * @param augment random horizontal flip and small shifts of training faces
 * @param seed seed of sampling, shuffling, augmentation and initialisation
 */
public record TrainingConfig(
    String loss,
    double ageThreshold,
    double positiveShare,
    double positiveMargin,
    double negativeMargin,
    double marginSlope,
    double maxNegativeMargin,
    double genderWeight,
    String optimizer,
    double learningRate,
    double momentum,
    String schedule,
    int warmupEpochs,
    int stepEpochs,
    double stepFactor,
    int batchSize,
    int epochs,
    int pairsPerEpoch,
    boolean hardNegativeMining,
    boolean batchAllPairs,
    int earlyStoppingPatience,
    boolean augment,
    long seed) {
  public TrainingConfig withLoss(String newLoss) {
    return new TrainingConfig(newLoss, ageThreshold, positiveShare, positiveMargin, negativeMargin,
        marginSlope, maxNegativeMargin, genderWeight, optimizer, learningRate, momentum, schedule,
        warmupEpochs, stepEpochs, stepFactor, batchSize, epochs, pairsPerEpoch, hardNegativeMining,
        batchAllPairs, earlyStoppingPatience, augment, seed);
  }

  public TrainingConfig withEpochs(int newEpochs) {
    return new TrainingConfig(loss, ageThreshold, positiveShare, positiveMargin, negativeMargin,
        marginSlope, maxNegativeMargin, genderWeight, optimizer, learningRate, momentum, schedule,
        warmupEpochs, stepEpochs, stepFactor, batchSize, newEpochs, pairsPerEpoch, hardNegativeMining,
        batchAllPairs, earlyStoppingPatience, augment, seed);
  }
}
