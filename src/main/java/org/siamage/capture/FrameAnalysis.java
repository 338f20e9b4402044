package org.siamage.capture;

import java.util.List;

/**
 * What the pipeline found in one frame.
 *
 * @param frameNumber 1, 2, … in processing order
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param faces the tracked faces, by track id
 * @param estimatedFaces how many faces went through the network in this frame (0..faces)
 * @param timings per-stage milliseconds
 * @param framesPerSecond processed frames per second over about the last second
 * @param droppedFrames frames the source delivered that were replaced by newer ones before the
 *     pipeline got to them, since start
 * @param estimateEveryFrames the current network interval: a face is re-estimated every this many
 *     frames (grows when the network would otherwise slow the frame rate)
 */
public record FrameAnalysis(
    long frameNumber,
    int width,
    int height,
    List<LiveFace> faces,
    int estimatedFaces,
    StageTimings timings,
    double framesPerSecond,
    long droppedFrames,
    int estimateEveryFrames) {
  public FrameAnalysis {
    faces = List.copyOf(faces);
  }
}
