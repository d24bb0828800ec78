// safeText, the one check of free text shown on the TV or in the admin: normalising, and each refusal with
// a Chinese message naming the field and its rule in params.textProblem.
import { describe, expect, it } from 'vitest';
import { safeMultilineText, safeText, textProblemOf } from '../../../cms-server/src/domain/text.ts';

const title = safeText('标题', { max: 10 });
const body = safeMultilineText('正文', { max: 100, required: false });

const refusal = (schema: typeof title, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success, JSON.stringify(value)).toBe(false);
  const issue = r.error!.issues[0]!;
  return { problem: textProblemOf(issue), message: issue.message };
};

describe('safeText', () => {
  it('when text is fine, then it comes back NFC-normalised and trimmed; multi-line text keeps \\n and \\t', () => {
    expect(title.parse('  Cafe\u0301 通知 ')).toBe('Caf\u00e9 通知');
    expect(title.parse('👨\u200d👩\u200d👧')).toBe('👨\u200d👩\u200d👧');
    expect(body.parse('一\r\n\r\n二\t三\u2028四')).toBe('一\n\n二\t三\n四');
    expect(body.parse('   ')).toBe('');
  });

  it.each([
    ['停水\u0000通知', 'control', '「标题」里有电视上显示不出来的字符（控制字符）。'],
    ['停水\n通知', 'control', undefined],
    ['停水\u009b通知', 'control', undefined],
    ['停水\u2028通知', 'line_break', undefined],
    ['通知\u202egnp', 'bidi', undefined],
    ['通知\u2067x\u2069', 'bidi', undefined],
    ['通知\ud800', 'surrogate', undefined],
    ['通知\ufdd0', 'noncharacter', undefined],
    ['\u200b\u200c\u2060\ufeff', 'invisible', undefined],
    ['\u3000\u3164\u00ad\u0301\u2800', 'invisible', undefined],
    ['', 'empty', '请填写标题。'],
    ['   ', 'empty', '请填写标题。'],
    [undefined, 'missing', '请填写标题。'],
    [42, 'missing', '请填写标题。'],
    ['长'.repeat(11), 'too_long', '标题最多 10 个字。'],
  ])('when the title is %j, then it is refused as %s', (value, problem, message) => {
    const r = refusal(title, value);
    expect(r.problem).toBe(problem);
    expect(r.message).toContain('标题');
    if (message) expect(r.message).toBe(message);
  });

  it('when a multi-line field has a bell or a vertical tab, then it is refused; \\n and \\t are not', () => {
    expect(refusal(body, 'a\u0007b').problem).toBe('control');
    expect(refusal(body, 'a\u000bb').problem).toBe('control');
    expect(refusal(body, '\u200b').problem).toBe('invisible');
    expect(body.safeParse('a\n\tb').success).toBe(true);
  });
});
