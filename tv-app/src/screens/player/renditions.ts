// A video's renditions (720p, 480p, 360p) as people name them, and the step down 换一个清晰度 takes.

/** Names people use for renditions (from the height). */
export const qualityName = (height: number) => (height >= 720 ? '高清' : height >= 480 ? '标清' : '流畅');

/**
 * The rendition to pin after `level` (an index, lowest first; -1 for automatic) among `count`: one step
 * lower each time; after the lowest, back to automatic.
 */
export function lowerLevel(level: number, count: number): number {
  const current = level >= 0 ? level : count - 1;
  return current > 0 ? current - 1 : -1;
}
