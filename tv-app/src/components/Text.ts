// Text elements built from the theme's type scale, so no component picks its own size or font.
import { FONT, colors, type } from '../theme/index.ts';
import { wrapCjk } from '../data/format.ts';

export type TypeRole = keyof typeof type;

export interface TextOpts {
  role?: TypeRole;
  bold?: boolean;
  color?: number;
  width?: number;
  maxLines?: number;
  align?: 'left' | 'center' | 'right';
}

export function text(content: string, o: TextOpts = {}) {
  const t = type[o.role ?? 'body'];
  return {
    color: o.color ?? colors.text,
    text: {
      text: o.width ? wrapCjk(content) : content,
      fontFace: FONT,
      fontStyle: o.bold ? 'bold' : 'normal',
      fontSize: t.fontSize,
      lineHeight: t.lineHeight,
      wordWrap: o.width !== undefined,
      wordWrapWidth: o.width ?? 0,
      maxLines: o.maxLines ?? 0,
      textAlign: o.align ?? 'left',
      textColor: 0xffffffff,
    },
  };
}

/**
 * The y for a text with mountY 0.5 whose glyphs should sit centred on `centre` (a line inside a plate):
 * Lightning's text texture keeps half a font size below the last line, so its middle is below the glyphs'.
 */
export const glyphsCentredAt = (centre: number, role: TypeRole = 'body') => centre + type[role].fontSize / 4;
