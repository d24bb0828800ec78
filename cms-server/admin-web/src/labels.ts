// Every code the API speaks, in the words street staff use.
import {
  ASSET_STATUS_LABELS,
  ITEM_ACTION_LABELS,
  ITEM_KIND_LABELS,
  ITEM_STATE_LABELS,
  JOB_HOLD_LABELS,
  ROLE_LABELS,
} from '../../src/admin/contract.ts';
import type { AuditAction, ItemKind, ItemState, UserView } from './api.ts';

// The domain's words (kinds, states, roles, a video's processing) are the server's own, one word per thing.
export { ASSET_STATUS_LABELS, ITEM_ACTION_LABELS, ITEM_KIND_LABELS, ITEM_STATE_LABELS, JOB_HOLD_LABELS, ROLE_LABELS };
export const KINDS = Object.keys(ITEM_KIND_LABELS) as ItemKind[];
export const STATES = Object.keys(ITEM_STATE_LABELS) as ItemState[];

/** What each state means, for the tooltip and the editor's status line. */
export const STATE_HELP: Record<ItemState, string> = {
  draft: '还没有提交，电视上看不到。',
  review: '已提交，等审核员审核。',
  scheduled: '已通过审核，到了上线时间会自动出现在电视上。',
  published: '电视上正在播出。',
  withdrawn: '已从电视上撤下，可以修改后重新提交。',
  failed: `${ITEM_STATE_LABELS.failed}，电视上不能播放。请换一个视频。`,
};

export type Role = UserView['role'];
export const ROLES = Object.keys(ROLE_LABELS) as Role[];
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
  item_updated: ITEM_ACTION_LABELS.edit,
  item_deleted: ITEM_ACTION_LABELS.delete,
  item_submitted: ITEM_ACTION_LABELS.submit,
  item_approved: ITEM_ACTION_LABELS.approve,
  item_rejected: ITEM_ACTION_LABELS.reject,
  item_scheduled: ITEM_ACTION_LABELS.schedule,
  item_published: '上线（电视可见）',
  item_withdrawn: ITEM_ACTION_LABELS.withdraw,
  item_unpublished: '到期下线',
  broadcast_created: '新建直播节目',
  broadcast_updated: '修改直播节目',
  broadcast_deleted: '删除直播节目',
  channel_filler_set: '设置频道轮播',
  branch_created: '新建支部',
  branch_updated: '修改支部',
  branch_deleted: '删除支部',
  household_created: '新建家庭',
  household_updated: '修改家庭',
  household_deleted: '删除家庭',
  member_created: '添加家庭成员',
  member_updated: '修改家庭成员',
  member_deleted: '删除家庭成员',
  members_imported: '从表格导入成员',
  box_paired: '绑定机顶盒',
  box_unpaired: '解除机顶盒绑定',
};

export const TARGET_NAMES: Record<string, string> = {
  session: '登录',
  user: '账号',
  street: '街道',
  asset: '视频',
  item: '内容',
  broadcast: '直播节目',
  channel: '频道',
  branch: '支部',
  household: '家庭',
  member: '家庭成员',
  box: '机顶盒',
};

/** The street's name, or 全区 for district-wide records. */
export function streetName(id: string | null, streets: { id: string; name: string }[]): string {
  if (id === null) return '全区';
  return streets.find((s) => s.id === id)?.name ?? id;
}
