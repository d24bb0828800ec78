// The ui-components theme for Keting's simple (large-text) mode, built from tokens.ts — the one place
// where sizes and colours live. ui-components' default body text is 25 px: far too small from a sofa.
import { context } from '@lightningjs/ui-components';
import { FONT, layout, palette, type } from './tokens.ts';

const typo = (t: { fontSize: number; lineHeight: number }, fontStyle = 'normal') => ({
  fontFace: FONT,
  fontStyle,
  ...t,
  verticalAlign: 'middle',
  textBaseline: 'bottom',
});

export const ketingTheme = {
  name: 'Keting simple mode',
  font: [],
  typography: {
    display1: typo(type.display, 'bold'),
    display2: typo(type.title, 'bold'),
    headline1: typo(type.title, 'bold'),
    headline2: typo(type.heading, 'bold'),
    headline3: typo(type.heading),
    body1: typo(type.body),
    body2: typo(type.body),
    body3: typo(type.caption),
    button1: typo(type.heading, 'bold'),
    button2: typo(type.body, 'bold'),
    caption1: typo(type.caption),
    caption2: typo(type.caption),
    tag1: typo(type.caption),
    footnote1: typo(type.caption),
    footnote2: typo(type.caption),
  },
  color: {
    textNeutral: [palette.text, 1],
    textNeutralSecondary: [palette.textSecondary, 1],
    textInverse: [palette.textOnFocused, 1],
    fillNeutral: [palette.text, 1],
    fillInverse: [palette.textOnFocused, 1],
    fillNeutralSecondary: [palette.surface, 1],
    interactiveNeutralFocus: [palette.surfaceFocused, 1],
    interactiveNeutral: [palette.surface, 1],
    fillBrand: [palette.accent, 1],
    fillBrandTertiary: [palette.surface, 1],
  },
  radius: { none: 0, xs: 8, sm: 12, md: layout.radius, lg: 28, xl: 36 },
  stroke: { sm: 4, md: layout.ringWidth, lg: 12, xl: 16 },
  layout: {
    focusScale: layout.focusScale,
    marginX: layout.safeX,
    marginY: layout.safeY,
    gutterX: layout.gap,
    gutterY: layout.gap,
    screenW: layout.screenW,
    screenH: layout.screenH,
  },
};

export function applyTheme(): void {
  context.setTheme(ketingTheme as unknown as Parameters<typeof context.setTheme>[0]);
}
