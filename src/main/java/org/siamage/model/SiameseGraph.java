package org.siamage.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The variables of the training graph that a loss reads. All have batch size N first.
 *
 * @param embeddingLeft L2-normalised embeddings of the left faces, {@code [N, E]}
 * @param embeddingRight L2-normalised embeddings of the right faces, {@code [N, E]}
 * @param distance Euclidean distance of each pair, {@code [N]}, 0..2
 * @param ageLeft placeholder, age of each left face in years, {@code [N]}
 * @param ageRight placeholder, age of each right face in years, {@code [N]}
 * @param genderLogitLeft gender head logit of each left face, {@code [N]}; null without a head
 * @param genderLogitRight gender head logit of each right face, {@code [N]}; null without a head
 * @param genderLeft placeholder, 1 = female, 0 = male, {@code [N]}
 * @param genderRight placeholder, 1 = female, 0 = male, {@code [N]}
 * @param genderMaskLeft placeholder, 1 where the left gender is known, else 0, {@code [N]}
 * @param genderMaskRight placeholder, 1 where the right gender is known, else 0, {@code [N]}
 * @param ageHeadYears the age head's estimate of the left faces, then the right faces, in years,
 *     {@code [2N]}; null without an age head
 * @param ageHeadScale σ of the training ages in years, {@code [1]}, the age loss's unit; null
 *     without an age head
 * @param ageHeadBinLogProbabilities log-probabilities of the {@code bins} head's one-year bins
 *     0..120 for the left faces, then the right faces, {@code [2N, 121]}; null without that head
 */
public record SiameseGraph(
    SDVariable embeddingLeft,
    SDVariable embeddingRight,
    SDVariable distance,
    SDVariable ageLeft,
    SDVariable ageRight,
    SDVariable genderLogitLeft,
    SDVariable genderLogitRight,
    SDVariable genderLeft,
    SDVariable genderRight,
    SDVariable genderMaskLeft,
    SDVariable genderMaskRight,
    SDVariable ageHeadYears,
    SDVariable ageHeadScale,
    SDVariable ageHeadBinLogProbabilities) {
  /** Bins of the {@code bins} age head: one per whole year 0..120 (the datasets' labels reach 116). */
  public static final int AGE_BINS = 121;

  /** The age of each bin of the {@code bins} head in years, 0, 1, …, 120: {@code [AGE_BINS]}, float. */
  public static INDArray binAges() {
    return Nd4j.linspace(0, AGE_BINS - 1, AGE_BINS).castTo(DataType.FLOAT);
  }

  public boolean hasGenderHead() {
    return genderLogitLeft != null;
  }

  public boolean hasAgeHead() {
    return ageHeadYears != null;
  }
}
