// 上传视频: upload one video and watch it become playable; below, the videos uploaded so far.
import { API, api, ApiError, errorOf, MAX_UPLOAD_BYTES, session, type AssetListResponse, type AssetView } from '../api.ts';
import { Banner, h, replace } from '../dom.ts';
import { formatDuration, formatSize, formatTime } from '../format.ts';
import { ASSET_STATUS_LABELS, JOB_HOLD_LABELS } from '../labels.ts';
import { href, type RouteContext } from '../router.ts';
import { uploadWidget } from '../upload-widget.ts';

/**
 * 字幕: a .vtt file picker for a ready video. The file goes as it is (text/vtt, not JSON): the server checks
 * its encoding and timings and answers in words, which the banner shows.
 */
function captionsCell(a: AssetView, banner: Banner, redraw: () => Promise<void>): HTMLElement {
  const input = h('input', { type: 'file', accept: '.vtt,text/vtt', class: 'sr-only', 'data-testid': `captions-file-${a.id}` });
  const label = h('label', { class: 'btn btn-quiet' }, a.captions ? '更换字幕（.vtt）' : '添加字幕（.vtt）', input);
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    banner.clear();
    try {
      const res = await fetch(`${API}/assets/${encodeURIComponent(a.id)}/captions`, {
        method: 'PUT',
        headers: { 'Content-Type': 'text/vtt', 'X-CSRF-Token': session.csrfToken, Accept: 'application/json' },
        credentials: 'same-origin',
        body: file,
      });
      if (!res.ok) throw await errorOf(res);
      banner.ok(`字幕已添加到《${a.title || a.sourceName || '未命名视频'}》，电视上播放时会显示。`);
      await redraw();
    } catch (err) {
      banner.error(err instanceof ApiError ? err.message : '连接不上服务器，请检查网络后再试。');
    } finally {
      input.value = '';
    }
  });
  return h('div', { class: 'captions' }, a.captions ? h('span', { class: 'badge state-published', 'data-testid': `captions-yes-${a.id}` }, '已有字幕') : null, label);
}

export async function uploadPage(ctx: RouteContext): Promise<HTMLElement> {
  const widget = uploadWidget({
    onReady: () => void drawList(),
    readyActions: (a) => [h('a', { class: 'btn btn-primary btn-big', href: href(['new'], { kind: 'video', asset: a.id }), 'data-testid': 'new-video-item' }, '用这个视频新建视频课程')],
  });
  ctx.onLeave(() => widget.destroy());
  ctx.guardLeave(() => (widget.uploading() ? '视频还在上传。离开这一页，上传会暂停。确定要离开吗？' : null));

  const banner = new Banner();
  const listBox = h('div');
  const drawList = async () => {
    try {
      const { assets, total } = await api<AssetListResponse>('GET', '/assets?limit=50');
      replace(
        listBox,
        assets.length === 0
          ? h('p', { class: 'empty' }, '还没有上传过视频。')
          : h(
              'table',
              { class: 'list' },
              h('thead', null, h('tr', null, ['', '标题', '时长', '大小', '状态', '上传时间', '字幕', ''].map((t) => h('th', { scope: 'col' }, t)))),
              h(
                'tbody',
                null,
                assets.map((a) =>
                  h(
                    'tr',
                    null,
                    h('td', null, a.poster ? h('img', { class: 'thumb', src: a.poster, alt: '' }) : null),
                    h('td', null, a.title || a.sourceName || '未命名视频'),
                    h('td', null, formatDuration(a.durationSec)),
                    h('td', null, formatSize(a.sourceSize)),
                    h('td', null, a.heldFor ? h('span', { class: 'badge state-held', title: '服务器磁盘空间不够，视频处理暂停；管理员清理出空间后会自动继续，不用重新上传。' }, JOB_HOLD_LABELS[a.heldFor]) : a.status === 'failed' ? h('span', { class: 'badge state-failed', title: a.error?.message ?? '' }, `${ASSET_STATUS_LABELS.failed}：${a.error?.message ?? ''}`) : `${ASSET_STATUS_LABELS[a.status]}${a.status === 'processing' || a.status === 'playable' ? ` ${a.progress}%` : ''}`),
                    h('td', { class: 'nowrap' }, formatTime(a.createdAt)),
                    h('td', null, a.status === 'ready' ? captionsCell(a, banner, drawList) : null),
                    h('td', null, a.status === 'ready' ? h('a', { class: 'btn btn-quiet', href: href(['new'], { kind: 'video', asset: a.id }) }, '用它新建视频课程') : null),
                  ),
                ),
              ),
            ),
        total > assets.length ? h('p', { class: 'hint' }, `只显示最近的 ${assets.length} 个，共 ${total} 个。`) : null,
      );
    } catch (err) {
      banner.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  await drawList();

  return h(
    'section',
    { class: 'page' },
    h('h1', null, '上传视频'),
    h(
      'ol',
      { class: 'steps-help' },
      h('li', null, `点“选择视频文件”，找到电脑里的视频（手机拍的、会议录像都可以，最大 ${formatSize(MAX_UPLOAD_BYTES)}）。`),
      h('li', null, '点“开始上传”。上传时不要关闭这个页面；网络断了会自动接着传。'),
      h('li', null, '上传完，服务器会把视频转换成电视能播放的格式，看第二个进度条。'),
      h('li', null, '完成后可以预览，然后点“用这个视频新建视频课程”。'),
    ),
    h('div', { class: 'card' }, widget.el),
    h('h2', null, '已上传的视频'),
    banner.el,
    listBox,
  );
}
