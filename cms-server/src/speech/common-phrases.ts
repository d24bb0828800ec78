// The phrases a box says most, rendered when the CMS starts so that the first focus change on a box without a
// voice is heard at once. The TV speaks a text phrase by phrase, split at Chinese punctuation (，。；：！？), so
// "支部党课，第1个，共10个" is three phrases, each of them shared by every tile and row.
/** Positions and counts in lists and on home: 第1个 … 第20个, 共1个 … 共20个. */
const positions = Array.from({ length: 20 }, (_, i) => [`第${i + 1}个`, `共${i + 1}个`]).flat();

/** What the screens say besides titles (tv-app/src/components, tv-app/src/screens). */
const fixed = [
  '设置', '语音播报', '开', '关', '按左右键更改', '按 OK 键朗读全文', '按下键翻页', '按 OK 键重试',
  '紧急通知', '按 OK 键看全文', '按返回键关闭', '要退出客厅吗', '留在这里', '退出', '重试', '换一个清晰度',
  '视频', '文章', '通知', '办事指南', '招聘信息', '正在加载视频', '请稍候', '正在缓冲',
];

/** The phrases to render at start: the fixed ones, positions, and every section's title and "<title>栏目". */
export function commonPhrases(sectionTitles: readonly string[]): string[] {
  return [...new Set([...sectionTitles, ...sectionTitles.map((t) => `${t}栏目`), ...fixed, ...positions])];
}
