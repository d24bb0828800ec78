// What every screen is built on: the stage-sized background; a header — the title just under the top margin
// and a caption line below it; the bar at the bottom that says which keys do what, in plain words; and the
// way a screen calls the App.
import type { Lightning } from '@lightningjs/sdk';
import { colors, hintTop, layout, plateColor } from '../theme/index.ts';
import type { DialogSpec } from './Dialog.ts';
import type { WhoSpec } from './WhoIsWatching.ts';
import { glyphsCentredAt, text, type TextOpts } from './Text.ts';

/** The size of the stage, for what covers all of it. */
export const fullScreen = { w: layout.screenW, h: layout.screenH };

function hintBar(hint: string) {
  return {
    x: 0,
    y: hintTop,
    w: layout.screenW,
    h: layout.hintH,
    rect: true,
    color: plateColor('hint'),
    Text: { x: layout.safeX, y: glyphsCentredAt(layout.hintH / 2, 'caption'), mountY: 0.5, ...text(hint, { role: 'caption', color: colors.textSecondary }) },
  };
}

export interface Frame {
  /** The title ('' when it is known only later); display size, bold, unless `titleStyle` says otherwise. */
  title: string;
  titleStyle?: TextOpts;
  /** The caption line under the title, when the screen has one. */
  sub?: string;
  subStyle?: TextOpts;
  /** More of the header, drawn after the title and the caption line (home's offline banner). */
  header?: Record<string, unknown>;
  /** What the keys do, in the bar at the bottom. */
  hint: string;
}

/** A screen's template: the frame around the screen's own parts (`body`), the key hints drawn over them. */
export function screenFrame(frame: Frame, body: Record<string, unknown>) {
  const sub = frame.sub === undefined ? {} : { Sub: { y: layout.header.subY, ...text(frame.sub, { role: 'caption', color: colors.textSecondary, ...frame.subStyle }) } };
  return {
    ...fullScreen,
    rect: true,
    color: colors.background,
    Header: {
      x: layout.safeX,
      y: layout.header.y,
      Title: text(frame.title, { role: 'display', bold: true, ...frame.titleStyle }),
      ...sub,
      ...frame.header,
    },
    ...body,
    Hint: hintBar(frame.hint),
  };
}

/** What a screen may ask of the App (App.ts). */
export interface AppCalls {
  /** Says something aloud (when voice read-out is on), cutting off what was being said. */
  $announce(what: string): void;
  /** Asks a question in the app's one dialog; gives back a way to withdraw it unanswered. */
  $ask(spec: DialogSpec): () => void;
  $settingsChanged(restart: boolean): void;
  /** Asks 谁在看 (a paired box, as a lesson starts); gives back a way to withdraw it unanswered. */
  $askWho(spec: WhoSpec): () => void;
  /** Shows and says each watching member's month after a lesson, once `lines` come (failures silent). */
  $studySummary(lines: Promise<string[]>): void;
}

/** Calls the App, through Lightning's fireAncestors (whose typing knows nothing of our App). */
export function tellApp<K extends keyof AppCalls>(from: Lightning.Component, name: K, ...args: Parameters<AppCalls[K]>): ReturnType<AppCalls[K]> {
  return (from.fireAncestors as unknown as (n: string, ...a: unknown[]) => ReturnType<AppCalls[K]>).call(from, name, ...args);
}
