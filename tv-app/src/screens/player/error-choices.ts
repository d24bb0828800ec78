// When a video cannot go on — an error, or buffering for too long — the viewer reads why and chooses 重试 or,
// when the video has more than one rendition, 换一个清晰度, in the app's one dialog (components/Dialog.ts).
// OK retries; Back leaves the player; digits and colour keys still go anywhere. The player says why aloud
// itself, so the dialog opens quietly.
import type { DialogSpec } from '../../components/Dialog.ts';

export const RETRY = '重试';
export const LOWER_QUALITY = '换一个清晰度';

/** The question for `why`; `retry` is told whether the viewer asked for a lower rendition. */
export function errorChoices(why: string, renditions: number, retry: (lower: boolean) => void, leave: () => void): DialogSpec {
  const choices = [RETRY, ...(renditions > 1 ? [LOWER_QUALITY] : [])];
  return {
    question: `${why}\n按 返回 键回到上一页。`,
    choices,
    answer: (i) => retry(choices[i] === LOWER_QUALITY),
    back: leave,
    quiet: true,
    modal: false,
  };
}
