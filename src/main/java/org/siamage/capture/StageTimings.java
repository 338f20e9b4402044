package org.siamage.capture;

/**
 * Where one frame's time went, in milliseconds.
 *
 * @param grab reading/decoding the frame (for a camera: waiting for it, which is not latency)
 * @param detect grayscale, downscale and cascade detection
 * @param track matching detections to tracks
 * @param align cropping (and eye levelling) the faces due for an estimate
 * @param embed the network's forward pass over all those faces in one batch (0 when none was due)
 * @param estimate k-NN age and gender against the reference gallery
 * @param display converting the frame to the UI's pixel buffer
 * @param latency from the moment the frame was grabbed to its result being published
 */
public record StageTimings(
    double grab,
    double detect,
    double track,
    double align,
    double embed,
    double estimate,
    double display,
    double latency) {}
