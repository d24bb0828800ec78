// The theme is the one place for sizes and colours: every text/background pair in
// every variant reaches 7:1 (WCAG 2 contrast ratio), body text is ≥ 36 px and titles ≥ 48 px, the
// margins are 5 %, and no component outside the theme picks its own colour or font size.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import baseTheme from '@lightningjs/ui-components-theme-base';
import { TYPOGRAPHY_OF, UNUSED_BASE_IMAGES, ketingTheme } from '../../../tv-app/src/theme/theme.ts';
import {
  TEXT_PAIRS,
  TITLE_ROLES,
  layout,
  palettes,
  plateAlpha,
  typeScales,
  type Contrast,
  type TextSize,
  type TypeRole,
} from '../../../tv-app/src/theme/tokens.ts';

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
/** WCAG 2.x relative luminance of an sRGB colour (0–255 channels). */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
/** A translucent colour over another, as the screen shows it. */
const over = (top: Rgb, alpha: number, under: Rgb): Rgb => top.map((c, i) => c * alpha + under[i]! * (1 - alpha)) as Rgb;

const VARIANTS: [Contrast, TextSize][] = [
  ['normal', 'large'],
  ['normal', 'larger'],
  ['high', 'large'],
  ['high', 'larger'],
];

describe('the theme: contrast', () => {
  it('when the formula is checked on known values, then black on white is 21:1 and equal colours 1:1', () => {
    expect(contrast(rgb('#000000'), rgb('#ffffff'))).toBeCloseTo(21, 5);
    expect(contrast(rgb('#767676'), rgb('#ffffff'))).toBeCloseTo(4.54, 2); // the well-known AA grey
    expect(contrast(rgb('#15305a'), rgb('#15305a'))).toBe(1);
  });

  for (const scheme of ['normal', 'high'] as Contrast[]) {
    it(`when every text/background pair of the ${scheme} scheme is measured, then each reaches 7:1`, () => {
      const p = palettes[scheme];
      const results = TEXT_PAIRS.map((pair) => {
        const text = rgb(p[pair.text]);
        // A plate over video: check it over pure white, the worst frame for light text.
        const backs: Rgb[] = pair.plate
          ? [over(rgb(p[pair.on]), plateAlpha[pair.plate], rgb('#ffffff')), over(rgb(p[pair.on]), plateAlpha[pair.plate], rgb(p.background))]
          : [rgb(p[pair.on])];
        return { ...pair, ratio: Math.min(...backs.map((b) => contrast(text, b))) };
      });
      const failing = results.filter((r) => r.ratio < 7).map((r) => `${r.text} on ${r.plate ?? r.on} (${r.where}): ${r.ratio.toFixed(2)}`);
      expect(failing).toEqual([]);
    });
  }

  it('when the palettes are compared with the pairs, then every text colour is checked on some background', () => {
    const texts = new Set(TEXT_PAIRS.map((p) => p.text));
    for (const c of ['text', 'textSecondary', 'textOnFocused', 'urgent'] as const) expect(texts).toContain(c);
    // The focus ring must stand out from the screen and from the tile at rest (WCAG non-text 3:1; we want far more).
    for (const p of Object.values(palettes)) {
      expect(contrast(rgb(p.ring), rgb(p.background))).toBeGreaterThanOrEqual(7);
      expect(contrast(rgb(p.surfaceFocused), rgb(p.surface))).toBeGreaterThanOrEqual(3);
      expect(contrast(rgb(p.progress), rgb(p.trackBar))).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('the theme: sizes', () => {
  for (const [scheme, size] of VARIANTS) {
    it(`when the ${scheme}/${size} ui-components theme is built, then body text is ≥ 36 px and titles ≥ 48 px`, () => {
      const theme = ketingTheme(scheme, size);
      const sizes = Object.values(theme.typography).map((t) => t.fontSize);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(36);
      for (const role of Object.keys(TYPOGRAPHY_OF) as TypeRole[]) {
        const t = theme.typography[TYPOGRAPHY_OF[role] as keyof typeof theme.typography];
        expect(t.fontSize, role).toBe(typeScales[size][role].fontSize);
        expect(t.fontSize, role).toBeGreaterThanOrEqual(TITLE_ROLES.includes(role) ? 48 : 36);
        expect(t.lineHeight, role).toBeGreaterThanOrEqual(t.fontSize * 1.25); // room between lines
      }
      expect(theme.color.text).toEqual([palettes[scheme].text, 1]);
    });
  }

  it('when the larger size is chosen, then body and caption text grow and nothing shrinks', () => {
    for (const role of Object.keys(typeScales.large) as TypeRole[]) {
      expect(typeScales.larger[role].fontSize).toBeGreaterThanOrEqual(typeScales.large[role].fontSize);
    }
    expect(typeScales.larger.body.fontSize).toBeGreaterThan(typeScales.large.body.fontSize);
  });

  it('when the layout is read, then the safe margins are 5 % and focus targets at least 120 px tall', () => {
    expect(layout.safeX).toBe(0.05 * layout.screenW);
    expect(layout.safeY).toBe(0.05 * layout.screenH);
    for (const h of [layout.tile.h, layout.row.h, layout.button.h, layout.minTarget]) expect(h).toBeGreaterThanOrEqual(120);
    expect(layout.ringWidth).toBeGreaterThanOrEqual(6);
  });
});

describe('the theme at start-up', () => {
  it("when the base theme's embedded images are listed, then ours blanks every one (none is turned into a blob: URL at start)", () => {
    const images: string[] = [];
    const walk = (o: Record<string, unknown>, at: string[]) => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'string' && v.startsWith('data:image/')) images.push([...at, k].join('.'));
        else if (v && typeof v === 'object') walk(v as Record<string, unknown>, [...at, k]);
      }
    };
    walk(baseTheme, []);
    expect(images.length).toBeGreaterThan(0);
    expect([...UNUSED_BASE_IMAGES].sort()).toEqual(images.sort());
    const ours = ketingTheme('normal', 'large') as unknown as Record<string, unknown>;
    for (const p of images) expect(p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], ours)).toBe('');
  });
});

/** Every line of code of the TV sources below `dir` (comments left out) that `offends`, as "file:line: text". */
function offendingLines(dir: string, which: (file: string) => boolean, offends: (code: string) => boolean): string[] {
  const src = path.resolve(import.meta.dirname, '../../../tv-app/src', dir);
  const files = fs.readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && which(f));
  expect(files.length).toBeGreaterThan(5);
  return files.flatMap((f) =>
    fs
      .readFileSync(path.join(src, f), 'utf8')
      .split('\n')
      .flatMap((line, i) => (offends(line.replace(/\/\/.*$/, '')) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('the theme is the only place for colours and sizes', () => {
  it('when the TV sources outside theme/ are read, then none holds a colour literal or a font size of its own', () => {
    const offences = offendingLines('.', (f) => !f.startsWith('theme'), (code) => {
      // 0xffffffff (white: "no tint") and 0x00000000 (transparent) are not colours of the design.
      const hex = code.match(/0x[0-9a-f]{6,8}\b/gi)?.filter((h) => !/^0x(ffffffff|00000000)$/i.test(h)) ?? [];
      return hex.length > 0 || /['"`]#[0-9a-f]{3,8}['"`]/i.test(code) || /fontSize:\s*\d/.test(code) || /rgba?\(/.test(code);
    });
    expect(offences).toEqual([]);
  });

  it('when the screens are read, then none places or sizes anything with a number of its own', () => {
    const offences = offendingLines('screens', () => true, (line) => {
      const code = line.replace(/'[^']*'|`[^`]*`/g, "''");
      // `y: 96` or `x: layout.safeX + 40`: a position or size that belongs in the theme's layout. Halves, doubles
      // and counts (`w / 2`, `2 * BLEED`, `3 * C.w`) are arithmetic on theme values, not values of their own.
      const sized = [...code.matchAll(/(?<![\w(])(?:x|y|w|h|width|height)\s*:\s*([^,{}]+)/g)].some((m) =>
        (m[1]!.match(/(?<![\w.])\d+(?:\.\d+)?(?![\w.])/g) ?? []).some((n) => !['0', '0.5', '1', '2', '3'].includes(n)),
      );
      return sized || /\blayout\.[\w.]+\s*[-+]\s*\d+(?![\d.]|\s*\*)/.test(code);
    });
    expect(offences).toEqual([]);
  });
});
