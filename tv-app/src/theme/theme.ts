// The ui-components theme for Keting's simple mode, built from tokens.ts. ui-components' default body
// text is 25 px and its focus scale 1.2 — far too small and too jumpy from a sofa; this theme replaces
// them once for the whole app (Lightning-UI-Components' theming: one theme file changes the whole look).
// Pure: no Lightning import, so a unit test can build and check every variant.
import { FONT, layout, palettes, plateAlpha, typeScales, type ColorName, type Contrast, type TextSize, type TypeRole } from './tokens.ts';

/** Which ui-components typography style each of our text roles is. */
export const TYPOGRAPHY_OF: Record<TypeRole, string> = {
  display: 'display1',
  title: 'headline1',
  heading: 'headline2',
  body: 'body1',
  caption: 'caption1',
  code: 'display3',
};

/** Where ui-components' base theme holds images (checkbox tick, arrows, backspace): none is drawn here. */
export const UNUSED_BASE_IMAGES = [
  'asset.arrowLeft',
  'asset.arrowRight',
  'asset.backspaceOutline',
  'asset.check',
  'componentConfig.Keyboard.style.keyProps.delete.icon',
] as const;

/** The theme fragment that blanks those images (a nested object, one empty string per path). */
function withoutBaseImages(): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of UNUSED_BASE_IMAGES) {
    const keys = p.split('.');
    let node = root;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]!] = '';
  }
  return root;
}

export function ketingTheme(contrast: Contrast, textSize: TextSize) {
  const p = palettes[contrast];
  const t = typeScales[textSize];
  const typo = (role: TypeRole, bold = false) => ({
    fontFace: FONT,
    fontStyle: bold ? 'bold' : 'normal',
    ...t[role],
    verticalAlign: 'middle',
    textBaseline: 'bottom',
  });
  // Colours as ui-components wants them ([hex, alpha]); it turns them into Lightning's 0xAARRGGBB.
  const ours = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, [v, 1]])) as Record<ColorName, [string, number]>;
  return {
    name: `Keting simple mode (${contrast} contrast, ${textSize} text)`,
    font: [],
    typography: {
      display1: typo('display', true),
      display2: typo('title', true),
      display3: typo('code', true),
      headline1: typo('title', true),
      headline2: typo('heading', true),
      headline3: typo('heading'),
      body1: typo('body'),
      body2: typo('body'),
      body3: typo('caption'),
      button1: typo('heading', true),
      button2: typo('body', true),
      caption1: typo('caption'),
      caption2: typo('caption'),
      tag1: typo('caption'),
      footnote1: typo('caption'),
      footnote2: typo('caption'),
    },
    color: {
      ...ours,
      // The names ui-components' own components use, mapped onto ours.
      textNeutral: [p.text, 1],
      textNeutralSecondary: [p.textSecondary, 1],
      textInverse: [p.textOnFocused, 1],
      fillNeutral: [p.text, 1],
      fillInverse: [p.textOnFocused, 1],
      fillNeutralSecondary: [p.surface, 1],
      interactiveNeutral: [p.surface, 1],
      interactiveNeutralFocus: [p.surfaceFocused, 1],
      fillBrand: [p.accent, 1],
      fillBrandTertiary: [p.surface, 1],
      // Plates under text over video, at the opacity the contrast test checks.
      ...Object.fromEntries(Object.entries(plateAlpha).map(([k, a]) => [`plate_${k}`, [p.plate, a]])),
    },
    // ui-components' base theme carries a few icons as base64 images and turns each into a blob: URL
    // whenever a theme is set (~0.1 s of a cold start at 4× CPU); no component drawing them is used.
    ...withoutBaseImages(),
    radius: { none: 0, xs: 8, sm: 12, md: layout.radius, lg: 28, xl: 36 },
    stroke: { sm: 4, md: layout.ringWidth, lg: 12, xl: 16 },
    layout: {
      ...layout,
      focusScale: layout.focusScale,
      marginX: layout.safeX,
      marginY: layout.safeY,
      gutterX: layout.gap,
      gutterY: layout.gap,
    },
  };
}
export type KetingThemeConfig = ReturnType<typeof ketingTheme>;
