// The domain's words in Chinese, one word per thing, for the server's messages, the web admin (through
// admin/contract.ts) and the TV app alike. Each table is keyed by the vocabulary's own type (vocabulary.ts,
// scope.ts), so a state, kind or role without its word is a type error. Only types are imported: the admin and
// the TV bundle this module, and nothing else comes with it.
import type { Role } from './scope.ts';
import type { AssetStatus, ItemAction, ItemKind, ItemState, JobHold } from './vocabulary.ts';

/** A kind of item: the admin's lists and editor, the TV's rows, the items API's messages. */
export const ITEM_KIND_LABELS: Readonly<Record<ItemKind, string>> = {
  video: '视频',
  article: '文章',
  notice: '通知',
  guide: '办事指南',
  recruitment: '招聘信息',
};

/** An item marked urgent: the TV's rows and its pop-up over the screen. */
export const URGENT_LABEL = '紧急通知';

/** A video that could not be processed (packaged for the TVs): the item's state and the video's status alike. */
const VIDEO_FAILED = '视频处理失败';

/** Where an item is in the review workflow: the admin's tabs and badges, the service's refusals. */
export const ITEM_STATE_LABELS: Readonly<Record<ItemState, string>> = {
  draft: '草稿',
  review: '待审核',
  scheduled: '已排期',
  published: '已发布',
  withdrawn: '已撤下',
  failed: VIDEO_FAILED,
};

/** A workflow action, as refusals ("你的账号没有撤下内容的权限。") and the audit log name it. */
export const ITEM_ACTION_LABELS: Readonly<Record<ItemAction, string>> = {
  edit: '修改内容',
  delete: '删除内容',
  submit: '提交审核',
  approve: '审核通过',
  reject: '退回内容',
  withdraw: '撤下内容',
  schedule: '设置上线时间',
};

/** Where an uploaded video is in its processing (its packaging job): the admin's video lists and picker. */
export const ASSET_STATUS_LABELS: Readonly<Record<AssetStatus, string>> = {
  pending: '排队等待处理',
  processing: '正在处理',
  playable: '已可观看（其余清晰度转码中）',
  ready: '可以使用',
  failed: VIDEO_FAILED,
};

/** A video whose packaging is held (jobs.held_for), shown instead of its status: the admin's video lists. */
export const JOB_HOLD_LABELS: Readonly<Record<JobHold, string>> = {
  disk: '等待存储空间（磁盘已满，清理后自动继续）',
};

/** An account's role: the admin's account pages, its header and the audit log. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: '管理员',
  reviewer: '审核员',
  editor: '编辑',
  operator: '发布员',
  secretary: '支部书记',
};

/** The plate over a relayed meeting's channel while its signal is lost and filler plays (the TV API's now). */
export const RELAY_INTERRUPTED_LABEL = '直播信号中断，稍后恢复';
/** What a relayed meeting's recording is called after its broadcast's title: 「全区党员大会（12月2日录像）」. */
export const RECORDING_LABEL = '录像';
