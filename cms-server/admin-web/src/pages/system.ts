// 系统维护: is there a recent backup? The last one (when, how big, what kind), a red warning when it is old or
// missing, the last failure, the schedule in plain words, the free space where backups go, and 立即备份 for
// district admins; and the data disk's free space with the videos waiting for room (full-disk handling).
import type { BackupKindView, BackupTakenResponse, SystemStatusResponse } from '../../../src/admin/contract.ts';
import { api, ApiError } from '../api.ts';
import { actionButton, Banner, h, replace } from '../dom.ts';
import { formatSize, formatTime } from '../format.ts';

const KIND_NAMES: Record<BackupKindView, string> = { scheduled: '定时备份', manual: '手动备份', upgrade: '升级前自动备份' };

const sizeText = (bytes: number | null): string => (bytes === null ? '读不到' : formatSize(bytes) || '0 KB');

/** "3 小时前", "2 天前": how old, in words. */
function ageText(iso: string, now = Date.now()): string {
  const min = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (min < 1) return '刚刚';
  if (min < 60) return `${min} 分钟前`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours} 小时前`;
  return `${Math.floor(hours / 24)} 天前`;
}

/** A card of label → value lines under a heading. */
function factsCard(title: string, testid: string, facts: [string, string][]): HTMLElement {
  return h(
    'div',
    { class: 'card', 'data-testid': testid },
    h('h2', null, title),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
  );
}

function statusCard(s: SystemStatusResponse['backup']): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (s.stale) {
    out.push(
      h(
        'div',
        { class: 'banner banner-error', role: 'alert', 'data-testid': 'backup-stale' },
        s.last ? `上次备份已超过 ${s.staleHours} 小时，请尽快备份。` : '还没有备份，请尽快备份。',
      ),
    );
  }
  if (s.lastFailure) {
    out.push(
      h(
        'div',
        { class: 'banner banner-error', role: 'alert', 'data-testid': 'backup-failure' },
        `${formatTime(s.lastFailure.at)} 的${KIND_NAMES[s.lastFailure.kind]}失败了：${s.lastFailure.reason}`,
      ),
    );
  }
  const facts: [string, string][] = s.last
    ? [
        ['上次备份', `${formatTime(s.last.at)}（${ageText(s.last.at)}）`],
        ['备份类型', KIND_NAMES[s.last.kind]],
        ['备份大小', `${formatSize(s.last.bytes)}（数据库和 ${s.last.mediaFiles} 个媒体文件）`],
      ]
    : [['上次备份', '还没有']];
  facts.push(
    ['自动备份', s.scheduleText],
    ['保留的备份', `${s.count} 份`],
    ['备份盘剩余空间', sizeText(s.freeBytes)],
  );
  if (s.backupDir) facts.push(['备份目录', s.backupDir]);
  if (s.running) facts.push(['现在', '正在备份…']);
  out.push(factsCard('数据备份', 'backup-status', facts));
  return out;
}

/** The data disk: free space, and the videos whose packaging waits for room (red when there are any). */
function diskCard(d: SystemStatusResponse['disk']): HTMLElement[] {
  const out: HTMLElement[] = [];
  const low = d.freeBytes !== null && d.freeBytes < d.reserveBytes;
  if (d.videosWaiting > 0 || low) {
    out.push(
      h(
        'div',
        { class: 'banner banner-error', role: 'alert', 'data-testid': 'disk-full' },
        d.videosWaiting > 0
          ? `存储空间不够：${d.videosWaiting} 个视频正在等待处理。请清理磁盘（删除不用的视频或旧文件），有空间后会自动继续，不会丢失。`
          : '存储空间快满了：新的视频暂时传不上去。请清理磁盘。',
      ),
    );
  }
  const facts: [string, string][] = [
    ['数据盘剩余空间', sizeText(d.freeBytes)],
    ['保留空间', sizeText(d.reserveBytes)],
    ['等待空间的视频', d.videosWaiting > 0 ? `${d.videosWaiting} 个` : '没有'],
  ];
  out.push(factsCard('存储空间', 'disk-status', facts));
  return out;
}

export async function systemPage(): Promise<HTMLElement> {
  const body = h('div', null);
  const banner = new Banner();
  const show = async () => {
    const s = await api<SystemStatusResponse>('GET', '/system');
    const button = s.canBackUp
      ? actionButton(
          '立即备份',
          async () => {
            banner.clear();
            try {
              const r = await api<BackupTakenResponse>('POST', '/system/backup');
              await show();
              banner.ok(`备份完成：${formatSize(r.backup.bytes)}，用时 ${Math.max(1, Math.round(r.durationMs / 1000))} 秒。`);
            } catch (e) {
              if (e instanceof ApiError) banner.error(e.message);
              else throw e;
            }
          },
          { class: 'btn btn-primary', busyLabel: '正在备份…', testid: 'backup-now' },
        )
      : null;
    replace(body, statusCard(s.backup), button && h('div', { class: 'actions spaced' }, button), diskCard(s.disk));
  };
  await show();
  return h(
    'section',
    { class: 'page' },
    h('h1', null, '系统维护'),
    h('p', { class: 'lead' }, '数据库和视频每天自动备份。备份太旧时这里会用红字提醒。'),
    banner.el,
    body,
  );
}
