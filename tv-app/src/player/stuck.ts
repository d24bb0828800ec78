// When a playing video is stuck on data it already has: a decoder that will not start, not a slow network.

/** Seconds of video ahead that count as "enough data": the network is not what is holding it up. */
export const STUCK_AHEAD_S = 2;

/**
 * Seconds buffered ahead of the playhead when a playing video has no frame to show (readyState below
 * HAVE_FUTURE_DATA), or -1 when it is not in that state.
 */
export function stuckAhead(video: Pick<HTMLVideoElement, 'paused' | 'seeking' | 'ended' | 'readyState' | 'currentTime' | 'buffered'>): number {
  if (video.paused || video.seeking || video.ended || video.readyState >= 3) return -1;
  const t = video.currentTime;
  for (let i = 0; i < video.buffered.length; i++) {
    // A range that holds the playhead, or starts just after it (less than a frame's worth of hole).
    if (video.buffered.start(i) <= t + 0.25 && t < video.buffered.end(i)) return video.buffered.end(i) - t;
  }
  return -1;
}

