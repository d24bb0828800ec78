// The domain's words in Chinese (domain/labels.ts): one word per thing, and no two things with one word.
import { describe, expect, it } from 'vitest';
import {
  ASSET_STATUS_LABELS,
  ITEM_ACTION_LABELS,
  ITEM_KIND_LABELS,
  ITEM_STATE_LABELS,
  ROLE_LABELS,
} from '../../../cms-server/src/domain/labels.ts';
import { ROLES } from '../../../cms-server/src/domain/scope.ts';
import { ASSET_STATUSES, ITEM_ACTIONS, ITEM_KINDS, ITEM_STATES } from '../../../cms-server/src/domain/vocabulary.ts';

describe('the Chinese words of the domain', () => {
  it('when the vocabulary is named, then every word of it has exactly its own label', () => {
    const tables: [readonly string[], Readonly<Record<string, string>>][] = [
      [ITEM_KINDS, ITEM_KIND_LABELS],
      [ITEM_STATES, ITEM_STATE_LABELS],
      [ITEM_ACTIONS, ITEM_ACTION_LABELS],
      [ASSET_STATUSES, ASSET_STATUS_LABELS],
      [ROLES, ROLE_LABELS],
    ];
    for (const [words, labels] of tables) {
      expect(Object.keys(labels).sort()).toEqual([...words].sort());
      expect(new Set(Object.values(labels)).size).toBe(words.length);
    }
  });

  it('when a video could not be processed, then the item and the video say it in the same words', () => {
    expect(ITEM_STATE_LABELS.failed).toBe(ASSET_STATUS_LABELS.failed);
  });
});
