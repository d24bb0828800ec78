import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYS, digitOf, keyMap, parseExtraKeys } from '../../tv-app/src/keymap.ts';

describe('key map', () => {
  it('when a common box sends Back, then every known code means Back', () => {
    for (const code of [8, 27, 461, 10009]) expect(DEFAULT_KEYS[code]).toBe('Back');
    expect([403, 404, 405, 406].map((c) => DEFAULT_KEYS[c])).toEqual(['Red', 'Green', 'Yellow', 'Blue']);
  });

  it('when digits come from the top row or the number pad, then both give the digit', () => {
    expect(digitOf(DEFAULT_KEYS[49])).toBe('1');
    expect(digitOf(DEFAULT_KEYS[96])).toBe('0');
    expect(digitOf(DEFAULT_KEYS[13])).toBeUndefined();
  });

  it('when a box adds its own codes, then they join the map and malformed pairs are ignored', () => {
    expect(parseExtraKeys('1001:Back,abc:Left,12:lower,:Up,7:Red')).toEqual({ 1001: 'Back', 7: 'Red' });
    const map = keyMap('?keys=2001:Digit5', '3001:Back');
    expect(map[2001]).toBe('Digit5');
    expect(map[3001]).toBe('Back');
    expect(map[37]).toBe('Left');
  });
});
