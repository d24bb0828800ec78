// The theme in force, read by every component: set once at start through the ui-components theme
// mechanism (context.setTheme) from the viewer's settings, then read back from context.theme.
// Changing text size or contrast in settings restarts the app so every screen is built again.
import { context } from '@lightningjs/ui-components/src';
import { settings } from '../settings.ts';
import { TYPOGRAPHY_OF, ketingTheme } from './theme.ts';
import type { ColorName, PlateName, TypeRole, TypeStyle } from './tokens.ts';

export { FONT } from './tokens.ts';
export type { TypeRole } from './tokens.ts';

type Processed = {
  color: Record<string, number>;
  typography: Record<string, TypeStyle & { fontFace: string }>;
  layout: ReturnType<typeof ketingTheme>['layout'];
};

// setTheme stores the processed theme synchronously (fonts load later; ours are system fonts).
void context.setTheme(ketingTheme(settings().contrast, settings().textSize) as unknown as Parameters<typeof context.setTheme>[0]);
const theme = context.theme as unknown as Processed;

/** Lightning colours (0xAARRGGBB) by token name. */
export const colors = theme.color as Record<ColorName, number>;

/** The black plate under text over video, at its checked opacity. */
export const plateColor = (name: PlateName) => theme.color[`plate_${name}`]!;

export const type = Object.fromEntries(
  (Object.keys(TYPOGRAPHY_OF) as TypeRole[]).map((role) => {
    const t = theme.typography[TYPOGRAPHY_OF[role]]!;
    return [role, { fontSize: t.fontSize, lineHeight: t.lineHeight }];
  }),
) as Record<TypeRole, TypeStyle>;

export const layout = theme.layout;

/** The width between the safe margins. */
export const contentWidth = layout.screenW - 2 * layout.safeX;
/** The top of the key-hint bar: content must end above it. */
export const hintTop = layout.screenH - layout.safeY - layout.hintH;
