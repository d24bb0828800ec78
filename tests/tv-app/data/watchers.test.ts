// 谁在看's pure logic: the sitting that remembers the choice until the remote is idle, the digits that tick
// members, what is shown and said, and a month's study as people say it.
import { describe, expect, it } from 'vitest';
import { Sitting, askable, chosenLine, monthText, spokenQuestion, spokenToggle, summaryLines, toggleMember } from '../../../tv-app/src/data/watchers.ts';

const MEMBERS = [
  { position: 1, name: '张建国' },
  { position: 2, name: '李秀英' },
  { position: 3, name: '张小明' },
];
const H = 3600_000;

describe('the sitting', () => {
  it('when nobody has answered yet, then the choice is unknown (ask)', () => {
    expect(new Sitting(0).choice('张家', MEMBERS, 10)).toBeUndefined();
  });

  it('when a choice was made, then it holds while keys come, even for hours in all', () => {
    const s = new Sitting(0, 2 * H);
    s.choose('张家', [3, 1], 0);
    for (let t = H; t <= 5 * H; t += H) s.noteKey(t);
    expect(s.choice('张家', MEMBERS, 5 * H + 1)).toEqual([1, 3]);
  });

  it('when the remote was idle longer than the sitting lasts, then the choice is gone, also after the next key', () => {
    const s = new Sitting(0, 2 * H);
    s.choose('张家', [1], 0);
    expect(s.choice('张家', MEMBERS, 2 * H)).toEqual([1]);
    expect(s.choice('张家', MEMBERS, 2 * H + 1)).toBeUndefined();
    s.noteKey(3 * H);
    expect(s.choice('张家', MEMBERS, 3 * H)).toBeUndefined();
  });

  it('when 不记录 was chosen, then the sitting remembers nobody (no question again)', () => {
    const s = new Sitting(0);
    s.choose('张家', [], 0);
    expect(s.choice('张家', MEMBERS, 1000)).toEqual([]);
  });

  it('when the box now serves another household, or a member left it, then the old choice does not carry over', () => {
    const s = new Sitting(0);
    s.choose('张家', [1, 3], 0);
    expect(s.choice('李家', MEMBERS, 10)).toBeUndefined();
    expect(s.choice('张家', MEMBERS.slice(0, 2), 10)).toEqual([1]);
  });
});

describe('the digits', () => {
  it('when digits are pressed, then members tick and untick, sorted, and digits nobody has change nothing', () => {
    let c = toggleMember([], 3, MEMBERS);
    c = toggleMember(c, 1, MEMBERS);
    expect(c).toEqual([1, 3]);
    expect(toggleMember(c, 7, MEMBERS)).toEqual([1, 3]);
    expect(toggleMember(c, 0, MEMBERS)).toEqual([1, 3]);
    expect(toggleMember(c, 3, MEMBERS)).toEqual([1]);
  });

  it('when the household has members beyond the digits, then only 1–9 are asked, in digit order', () => {
    expect(askable([{ position: 2, name: 'b' }, { position: 1, name: 'a' }, { position: 10, name: 'x' }]).map((m) => m.position)).toEqual([1, 2]);
  });
});

describe('what is shown and said', () => {
  it('when nobody is ticked, then the line says OK plays without recording; ticked, it names them', () => {
    expect(chosenLine([], MEMBERS)).toBe('还没有选人：按 OK 键直接播放，不记录学习时间');
    expect(chosenLine([1, 3], MEMBERS)).toBe('已选：张建国、张小明。按 OK 键开始播放');
  });

  it('when the question opens, then the voice says it with each digit and name', () => {
    expect(spokenQuestion(MEMBERS)).toBe('谁在看？1，张建国；2，李秀英；3，张小明。按数字键选择，可以选几位，选好后按 OK 键。');
    expect(spokenToggle(2, [2], MEMBERS)).toBe('已选 李秀英');
    expect(spokenToggle(2, [], MEMBERS)).toBe('取消 李秀英');
  });

  it('when a month is said, then hours and minutes as people say them', () => {
    expect(monthText(3 * 3600 + 20 * 60 + 59)).toBe('3 小时 20 分');
    expect(monthText(2 * 3600)).toBe('2 小时');
    expect(monthText(20 * 60)).toBe('20 分');
    expect(monthText(59)).toBe('不到 1 分钟');
    expect(monthText(-5)).toBe('不到 1 分钟');
  });

  it('when the summary comes, then one line per member in digit order', () => {
    expect(summaryLines({ members: [{ position: 3, name: '张小明', monthSeconds: 600 }, { position: 1, name: '张建国', monthSeconds: 12_000 }] })).toEqual([
      '张建国 本月已学习 3 小时 20 分',
      '张小明 本月已学习 10 分',
    ]);
  });
});
