// Every code the API speaks, in the words street staff use.
import type { AuditAction, ItemKind, ItemState, UserView } from './api.ts';

export const KIND_NAMES: Record<ItemKind, string> = {
  video: '视频课程',
  article: '文章',
  notice: '通知公告',
  guide: '办事指南',
  recruitment: '招聘信息',
};
export const KINDS = Object.keys(KIND_NAMES) as ItemKind[];

export const STATE_NAMES: Record<ItemState, string> = {
  draft: '草稿',
  review: '待审核',
  scheduled: '已排期',
  published: '已发布',
  withdrawn: '已撤下',
  failed: '失败',
};
export const STATES = Object.keys(STATE_NAMES) as ItemState[];

/** What each state means, for the tooltip and the editor's status line. */
export const STATE_HELP: Record<ItemState, string> = {
  draft: '还没有提交，电视上看不到。',
  review: '已提交，等审核员审核。',
  scheduled: '已通过审核，到了上线时间会自动出现在电视上。',
  published: '电视上正在播出。',
  withdrawn: '已从电视上撤下，可以修改后重新提交。',
  failed: '视频处理失败，电视上不能播放。请换一个视频。',
};

export type Role = UserView['role'];
export const ROLE_NAMES: Record<Role, string> = {
  admin: '管理员',
  reviewer: '审核员',
  editor: '编辑',
  operator: '发布员',
  secretary: '书记（只看）',
};
export const ROLES = Object.keys(ROLE_NAMES) as Role[];
export const ROLE_HELP: Record<Role, string> = {
  admin: '可以做所有事，包括管理账号和街道',
  reviewer: '审核内容：通过或退回',
  editor: '写内容、上传视频、提交审核',
  operator: '设置上线、下线时间，撤下内容',
  secretary: '只能查看',
};

export const ACTION_NAMES: Record<AuditAction, string> = {
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  password_changed: '修改密码',
  user_created: '新建账号',
  user_updated: '修改账号',
  password_reset: '重置密码',
  street_created: '新建街道',
  street_updated: '修改街道',
  asset_uploaded: '上传视频',
  asset_deleted: '删除视频',
  asset_captions_set: '添加字幕',
  asset_captions_removed: '删除字幕',
  item_created: '新建内容',
  item_updated: '修改内容',
  item_deleted: '删除内容',
  item_submitted: '提交审核',
  item_approved: '审核通过',
  item_rejected: '退回修改',
  item_scheduled: '设置上线时间',
  item_published: '上线（电视可见）',
  item_withdrawn: '撤下',
  item_unpublished: '到期下线',
};

export const TARGET_NAMES: Record<string, string> = {
  session: '登录',
  user: '账号',
  street: '街道',
  asset: '视频',
  item: '内容',
};

export const ASSET_STATUS_NAMES = {
  pending: '排队等待处理',
  processing: '正在处理',
  ready: '可以使用',
  failed: '处理失败',
} as const;

/** The street's name, or 全区 for district-wide records. */
export function streetName(id: string | null, streets: { id: string; name: string }[]): string {
  if (id === null) return '全区';
  return streets.find((s) => s.id === id)?.name ?? id;
}
