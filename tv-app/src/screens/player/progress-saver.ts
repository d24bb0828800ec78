// Where the viewer is in the video, kept while it plays — every few seconds, and at once on pause and on
// leaving — so that reopening it offers to continue from there. data/progress.ts keeps it on the box and
// reports it to the server at its own pace, with who is watching (谁在看). While 还在观看吗？ waits for an answer,
// and after it went unanswered, the saver is held: nothing is kept or reported, so no study time is counted.
import { saveProgress } from '../../data/progress.ts';
import { player } from '../../player/hls-player.ts';

/** How often the position is kept while the video plays. */
const SAVE_EVERY_MS = 5000;

export class ProgressSaver {
  private lastSaved = 0;
  /** Who is watching (the household's digits), carried by each report; empty: nobody recorded. */
  members: readonly number[] = [];
  /** True while nothing may be kept or reported (还在观看吗？ unanswered). */
  held = false;

  /** Keeps the position now; `now` (pause, leaving) also reports it to the server without waiting. */
  save(itemId: string, title: string, now = false): Promise<void> | undefined {
    const duration = player.duration;
    if (this.held || !title || !(duration > 0)) return undefined;
    this.lastSaved = Date.now();
    return saveProgress({ itemId, title, position: player.currentTime, duration }, { now, members: this.members });
  }

  /** While the video plays: keeps the position when the last one kept is a few seconds old. */
  tick(itemId: string, title: string): void {
    if (Date.now() - this.lastSaved > SAVE_EVERY_MS) this.save(itemId, title);
  }
}
