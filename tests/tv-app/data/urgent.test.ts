import { beforeEach, describe, expect, it } from 'vitest';
import type { ItemSummary } from '../../../tv-app/src/data/api.ts';
import { markSeen, unseenUrgent, wasSeen } from '../../../tv-app/src/data/urgent.ts';

// The box's localStorage, as a plain in-memory Storage (Node has none).
beforeEach(() => {
  const m = new Map<string, string>();
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
});

const item = (id: string, urgent: boolean, publishedAt: string): ItemSummary =>
  ({ id, sectionId: 'affairs', kind: 'notice', title: id, summary: '', publishedAt, urgent }) as ItemSummary;

describe('urgent notices a box has seen', () => {
  it('when some urgent notices were seen, then only the others come, newest first', () => {
    const items = [
      item('old', true, '2026-12-01T01:00:00Z'),
      item('plain', false, '2026-12-02T03:00:00Z'),
      item('new', true, '2026-12-02T02:00:00Z'),
      item('seen', true, '2026-12-02T04:00:00Z'),
    ];
    markSeen('seen');
    expect(unseenUrgent(items).map((i) => i.id)).toEqual(['new', 'old']);
    expect(wasSeen('seen')).toBe(true);
    expect(wasSeen('new')).toBe(false);
  });

  it('when more than 200 notices have been seen, then the oldest ids fall off and the newest stay', () => {
    for (let i = 0; i < 250; i++) markSeen(`n${i}`);
    expect(wasSeen('n0')).toBe(false);
    expect(wasSeen('n249')).toBe(true);
    expect(JSON.parse(localStorage.getItem('keting.urgent.seen.v1')!)).toHaveLength(200);
  });

  it('when the kept list is not what it should be, then nothing counts as seen', () => {
    localStorage.setItem('keting.urgent.seen.v1', '{not json');
    expect(unseenUrgent([item('a', true, '2026-12-02T00:00:00Z')])).toHaveLength(1);
  });
});
