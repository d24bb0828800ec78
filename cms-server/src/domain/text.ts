// Free text that ends up on a TV screen (titles, bodies, guide entries) or in the admin (names): one zod
// schema that says in Chinese, naming the field, why a text cannot be shown. What it does, in order:
//   1. NFC-normalises (a decomposed "é" and a composed one are the same title); in multi-line fields
//      \r\n and \r become \n, and U+2028/U+2029 become \n;
//   2. trims the ends;
//   3. refuses lone surrogates (half a character, from a broken copy or a hand-made JSON \ud800),
//      noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF), control characters (C0, DEL, C1; \n and \t allowed
//      in multi-line fields only) and bidirectional overrides/isolates (U+202A–U+202E, U+2066–U+2069: they
//      reorder what a reader sees, e.g. "通知\u202Egnp.exe");
//   4. refuses an empty value (unless `required: false`) and one that is only whitespace, zero-width and
//      other invisible characters (default-ignorables, format characters, Hangul fillers, the braille blank,
//      combining marks with nothing to sit on): the TV would show an empty line;
//   5. checks the length (UTF-16 units, as the stored limits always were).
// Every problem is one issue with a message naming the field, e.g. 「标题」里有电视上显示不出来的字符（控制字符）。
// and `params.textProblem` telling programs which rule it was. Routes check bodies with http/validate.ts's
// parseBody: code invalid_body, or in the items API the field's own code (publishing/validation.ts).
import { z } from 'zod';

export type TextProblem = 'missing' | 'surrogate' | 'noncharacter' | 'control' | 'line_break' | 'bidi' | 'empty' | 'invisible' | 'too_long';

export interface TextOptions {
  /** At most this many characters (UTF-16 units) after normalising and trimming. */
  max: number;
  /** Allows \n and \t (bodies, reasons); a one-line field refuses them. Default false. */
  multiline?: boolean;
  /** An empty value is refused. Default true; with false "" (or only spaces, trimmed away) is kept as "". */
  required?: boolean;
  /** Own words for some problems instead of the standard ones. */
  messages?: Partial<Record<TextProblem, string>>;
}

const LONE_SURROGATE = /\p{Surrogate}/u;
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
/** C0, DEL and C1 controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Controls without \n and \t, for multi-line fields. */
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/**
 * What draws nothing by itself: white space, default-ignorable code points (zero-width space/joiners, word
 * joiner, BOM, soft hyphen, variation selectors, Hangul fillers…), format characters, the braille blank, and
 * combining marks (which need a base character to show).
 */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{M}\u2800]/gu;

/** The normalised text (step 1 and 2): what is checked and stored. */
export function normalizeText(value: string, multiline = false): string {
  let s = value.normalize('NFC');
  if (multiline) s = s.replace(/\r\n?|[\u2028\u2029]/g, '\n');
  return s.trim();
}

/** The first problem of an already normalised text, or undefined when it may be shown. */
export function textProblem(s: string, opts: TextOptions): TextProblem | undefined {
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  if (NONCHARACTER.test(s)) return 'noncharacter';
  if ((opts.multiline ? CONTROL_MULTILINE : CONTROL).test(s)) return 'control';
  if (!opts.multiline && /[\u2028\u2029]/.test(s)) return 'line_break';
  if (BIDI_CONTROL.test(s)) return 'bidi';
  if (s.length === 0) return opts.required === false ? undefined : 'empty';
  if (s.replace(INVISIBLE, '').length === 0) return 'invisible';
  if (s.length > opts.max) return 'too_long';
  return undefined;
}

/** The Chinese message for a problem of the field called `label` (e.g. 标题). */
export function textMessage(label: string, problem: TextProblem, opts: TextOptions): string {
  const own = opts.messages?.[problem];
  if (own) return own;
  switch (problem) {
    case 'missing':
    case 'empty':
      return `请填写${label}。`;
    case 'surrogate':
      return `「${label}」里有残缺的字符（单独的代理码元），可能是复制时出了错，请重新输入。`;
    case 'noncharacter':
      return `「${label}」里有不是文字的字符（Unicode 非字符），请删掉后重新输入。`;
    case 'control':
      return `「${label}」里有电视上显示不出来的字符（控制字符）。`;
    case 'line_break':
      return `「${label}」只能写一行，不能换行。`;
    case 'bidi':
      return `「${label}」里有改变文字方向的隐藏字符（双向控制符），会让显示的文字和实际的不一样，请删掉后重新输入。`;
    case 'invisible':
      return `「${label}」里只有空格或看不见的字符（如零宽字符），电视上什么也显示不出来。`;
    case 'too_long':
      return `${label}最多 ${opts.max} 个字。`;
  }
}

/**
 * A zod schema for one free-text field called `label` in messages: a string, normalised (the parsed value is
 * the normalised text), refused with one Chinese issue naming the field when it cannot be shown.
 */
export function safeText(label: string, opts: TextOptions) {
  const missing = opts.required === false ? `${label}必须是文字。` : textMessage(label, 'missing', opts);
  return z
    .string({ error: missing })
    .overwrite((s) => normalizeText(s, opts.multiline))
    .superRefine((s, ctx) => {
      const problem = textProblem(s, opts);
      if (problem) ctx.addIssue({ code: 'custom', message: textMessage(label, problem, opts), params: { textProblem: problem }, input: s });
    });
}

/** Multi-line free text (bodies, reasons): \n and \t allowed. */
export const safeMultilineText = (label: string, opts: Omit<TextOptions, 'multiline'>) => safeText(label, { ...opts, multiline: true });

/** Which text rule an issue broke (undefined for zod's own issues), for callers that map rules to codes. */
export function textProblemOf(issue: z.core.$ZodIssue): TextProblem | undefined {
  if (issue.code === 'invalid_type') return 'missing';
  if (issue.code !== 'custom') return undefined;
  const p = (issue.params as { textProblem?: TextProblem } | undefined)?.textProblem;
  return p;
}
