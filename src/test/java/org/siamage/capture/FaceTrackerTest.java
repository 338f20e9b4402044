package org.siamage.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {
  private static FaceTracker.Box box(double x, double y) {
    return new FaceTracker.Box(x, y, 100, 100);
  }

  @Test
  void overlappingBoxesKeepTheirTrackAndNewOnesGetNewIds() {
    FaceTracker tracker = new FaceTracker(4, 2);
    List<FaceTracker.Track> first = List.copyOf(tracker.update(List.of(box(0, 0), box(300, 0))));
    assertThat(first).extracting(FaceTracker.Track::id).containsExactly(1, 2);
    List<FaceTracker.Track> second = tracker.update(List.of(box(310, 5), box(8, 4), box(600, 0)));
    assertThat(second).extracting(FaceTracker.Track::id).containsExactly(1, 2, 3);
    assertThat(second.get(0).box().x()).isEqualTo(4); // moved halfway towards the detection
  }

  @Test
  void aMissedFaceIsHeldForAFewFramesThenDropped() {
    FaceTracker tracker = new FaceTracker(4, 2);
    tracker.update(List.of(box(0, 0)));
    assertThat(tracker.update(List.of())).hasSize(1).allMatch(track -> !track.detectedNow());
    assertThat(tracker.update(List.of())).hasSize(1);
    assertThat(tracker.update(List.of())).isEmpty();
  }

  @Test
  void estimatesAreAveragedOverTheWindow() {
    FaceTracker tracker = new FaceTracker(3, 2);
    FaceTracker.Track track = tracker.update(List.of(box(0, 0))).get(0);
    assertThat(track.snapshot().estimated()).isFalse();
    assertThat(Double.isNaN(track.snapshot().age())).isTrue();
    track.addEstimate(1, 20, 4, 0.9, false);
    track.addEstimate(2, 30, 6, 0.7, false);
    track.addEstimate(3, 40, 8, 0.8, false);
    track.addEstimate(4, 50, 10, 0.6, false); // pushes out the first
    LiveFace face = track.snapshot();
    assertThat(face.age()).isEqualTo(40);
    assertThat(face.uncertainty()).isEqualTo(8);
    assertThat(face.femaleProbability()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(face.genderWord()).isEqualTo("female");
    assertThat(face.estimates()).isEqualTo(3);
  }

  @Test
  void aFaceIsUnusualWhileMostEstimatesInTheWindowSaySo() {
    FaceTracker tracker = new FaceTracker(3, 2);
    FaceTracker.Track track = tracker.update(List.of(box(0, 0))).get(0);
    track.addEstimate(1, 30, 5, 0.5, true);
    assertThat(track.snapshot().unusual()).isTrue();
    track.addEstimate(2, 30, 5, 0.5, false);
    assertThat(track.snapshot().unusual()).as("one of two").isFalse();
    track.addEstimate(3, 30, 5, 0.5, true);
    assertThat(track.snapshot().unusual()).as("two of three").isTrue();
    track.addEstimate(4, 30, 5, 0.5, false); // pushes out the first
    assertThat(track.snapshot().unusual()).as("one of three").isFalse();
  }

  @Test
  void overlapIsIntersectionOverUnion() {
    assertThat(box(0, 0).overlap(box(0, 0))).isEqualTo(1);
    assertThat(box(0, 0).overlap(box(200, 0))).isZero();
    assertThat(box(0, 0).overlap(box(50, 0))).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
  }
}
