// A labelled progress bar with its percentage and a line of detail; the upload widget shows two (sending the
// file, then packaging it for the TVs).
import { h } from '../dom.ts';

export interface ProgressBar {
  el: HTMLElement;
  /** Sets the bar to `pct` (0–100, floored) and, when given, the detail line. */
  set(pct: number, text?: string): void;
}

export function progressBar(label: string, testid: string): ProgressBar {
  const fill = h('div', { class: 'bar-fill' });
  const pct = h('span', { class: 'bar-pct', 'data-testid': `${testid}-pct` }, '0%');
  const detail = h('span', { class: 'bar-detail' });
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', 'aria-label': label, 'data-testid': testid }, fill);
  return {
    el: h('div', { class: 'progress' }, h('div', { class: 'progress-head' }, h('strong', null, label), pct), bar, detail),
    set(p, text) {
      const v = Math.max(0, Math.min(100, Math.floor(p)));
      fill.style.width = `${v}%`;
      bar.setAttribute('aria-valuenow', String(v));
      pct.textContent = `${v}%`;
      if (text !== undefined) detail.textContent = text;
    },
  };
}
