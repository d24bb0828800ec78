// The admin API's JSON (`/api/admin/...`), the limits the web admin shows or enforces in its forms, and the
// words and times it shows. The web admin imports from this module only, as the TV app does from
// tv-api/contract.ts: a change here shows up as a type error on both sides. Types are erased from the bundle;
// the limits are plain numbers from constants.ts, the words domain/labels.ts's tables, the times domain/time.ts.
import type { Role } from '../domain/scope.ts';
import type { AuditAction, AuditTarget } from '../audit/audit-log.ts';
import type { ItemFields } from '../content/item-repository.ts';
import type { JobState } from '../jobs/job-repository.ts';
import type { AssetStatus, Rendition } from '../media/asset-repository.ts';
import type { ItemAction, JobHold } from '../domain/vocabulary.ts';
import type { ItemState } from '../publishing/validation.ts';
import type { GuideData, ItemKind, RecruitmentData, SectionId } from '../seed/content-schema.ts';

export type { AssetStatus, AuditAction, AuditTarget, GuideData, ItemAction, ItemKind, ItemState, JobHold, RecruitmentData, Rendition, Role, SectionId };

export { ASSET_STATUS_LABELS, ITEM_ACTION_LABELS, ITEM_KIND_LABELS, ITEM_STATE_LABELS, JOB_HOLD_LABELS, ROLE_LABELS } from '../domain/labels.ts';
export { hourMinute, isoDateOf, monthDay, shanghaiIso, shanghaiTime } from '../domain/time.ts';

export {
  BROADCAST_ANNOUNCE_MAX_MIN,
  BROADCAST_MAX_ITEMS,
  BROADCAST_TITLE_MAX_CHARS,
  ITEM_SUMMARY_MAX_CHARS,
  ITEM_TITLE_MAX_CHARS,
  MAX_ASSET_TITLE_CHARS,
  MAX_UPLOAD_BYTES,
  REVIEW_REASON_MAX_CHARS,
} from '../constants.ts';

// ---- Accounts, sessions, streets, sections ----

/** What the admin pages know about the signed-in user. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  streetId: string | null;
  mustChangePassword: boolean;
}

/** An account as an admin manages it (GET /users). */
export interface AdminUserView extends UserView {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface StreetView {
  id: string;
  name: string;
  publishDirectly: boolean;
}

/** One of the ten sections (GET /sections): the remote digit that opens it and its title. */
export interface SectionView {
  id: SectionId;
  digit: string;
  title: string;
}

/** GET /session, POST /session, POST /account/password */
export interface SessionResponse {
  user: UserView;
  /** Sent back as X-CSRF-Token on every change. */
  csrfToken: string;
}

/** GET /users */
export interface UserListResponse {
  users: AdminUserView[];
}

/** POST /users (201): the one-time password is shown once and never again. */
export interface NewUserResponse {
  user: AdminUserView;
  oneTimePassword: string;
}

/** POST /users/:id/reset-password */
export interface PasswordResetResponse {
  oneTimePassword: string;
}

/** GET /streets */
export interface StreetListResponse {
  streets: StreetView[];
}

/** GET /sections */
export interface SectionListResponse {
  sections: SectionView[];
}

// ---- Items and their publishing workflow ----

/** The video of a video item, as the item shows it. */
export interface ItemAssetView {
  status: AssetStatus;
  progress: number;
  durationSec: number | null;
  poster: string | null;
  hls: string | null;
  error: { code: string; message: string } | null;
}

/** GET /items/:id, and the answer of every change to an item. */
export interface ItemView extends ItemFields {
  asset: ItemAssetView | null;
  guide?: GuideData;
  recruitment?: RecruitmentData;
  state: ItemState;
  reviewNote: string | null;
  createdBy: string | null;
  /** Display names next to the ids, for the admin's lists. */
  createdByName: string | null;
  updatedBy: string | null;
  updatedByName: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** What this actor may do with the item now: the admin shows only these buttons. */
  allowed: ItemAction[];
}

/** GET /items: a page of items; `counts` gives the number in every state under the same filters (the tabs). */
export interface ItemListResponse {
  items: ItemView[];
  total: number;
  counts: Record<ItemState, number>;
}

// ---- Uploaded videos ----

export interface AssetView {
  id: string;
  title: string | null;
  sourceName: string | null;
  sourceSize: number | null;
  status: AssetStatus;
  /** Packaging progress in percent. */
  progress: number;
  durationSec: number | null;
  renditions: Rendition[];
  /** The master playlist, once ready. */
  hls: string | null;
  poster: string | null;
  error: { code: string; message: string } | null;
  streetId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  job: { state: JobState; attempts: number; maxAttempts: number; lastError: string | null } | null;
  /**
   * What its packaging waits for, when held (not failed, no attempt counted): 'disk' — free space on the server;
   * it goes on by itself once there is room. Shown instead of the status (JOB_HOLD_LABELS).
   */
  heldFor: JobHold | null;
  /** Whether Chinese captions are packaged with the video (PUT/DELETE /api/admin/assets/:id/captions). */
  captions?: boolean;
}

/** GET /assets */
export interface AssetListResponse {
  assets: AssetView[];
  total: number;
}

// ---- The audit log ----

/** One record of GET /audit. */
export interface AuditEntryView {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string;
  action: AuditAction;
  targetType: AuditTarget;
  targetId: string | null;
  streetId: string | null;
  detail: Record<string, unknown>;
}

/** GET /audit: newest first. */
export interface AuditListResponse {
  entries: AuditEntryView[];
  total: number;
}

// ---- Broadcasts and channels (/api/admin/channels, /api/admin/broadcasts) ----

export type BroadcastTakeover = 'none' | 'prompt' | 'switch';

/** How a broadcast repeats: weekdays 1 = Monday … 7 = Sunday; `until` a Shanghai date; `rule` an iCalendar RRULE. */
export type BroadcastRepeat = { kind: 'once' } | { kind: 'weekly'; days: number[]; until: string } | { kind: 'rrule'; rule: string };

/** A live channel: the district's or a street's. */
export interface ChannelView {
  id: string;
  /** 全区频道, or the street's name + 频道. */
  name: string;
  streetId: string | null;
  /** The section whose videos loop when nothing is scheduled; null = every video the channel may show. */
  fillerSectionId: string | null;
  fillerSectionTitle: string | null;
}

/** A broadcast as stored: its first occurrence's times (UTC ISO) and how it repeats. */
export interface BroadcastView {
  id: string;
  channelId: string;
  title: string;
  source: 'items' | 'relay';
  /** The video item ids played in order (source items). */
  items: string[] | null;
  relayUrl: string | null;
  startsAt: string;
  endsAt: string;
  repeat: BroadcastRepeat;
  /** The RRULE the repeat is stored as (a weekly repeat too); null once. */
  repeatRule: string | null;
  takeover: BroadcastTakeover;
  announceMinutes: number;
  createdAt: string;
  updatedAt: string;
}

/** One occurrence in a week view. */
export interface OccurrenceView {
  broadcastId: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

/** GET /channels?week=YYYY-MM-DD: the actor's channels with their week (Monday 00:00 Shanghai, 7 days). */
export interface ChannelWeekResponse {
  from: string;
  to: string;
  channels: (ChannelView & { broadcasts: BroadcastView[]; occurrences: OccurrenceView[] })[];
}

/** POST /broadcasts (PATCH /broadcasts/:id takes any of these but channelId). Times ISO 8601 with an offset. */
export interface BroadcastBody {
  channelId: string;
  title: string;
  items?: string[];
  relayUrl?: string;
  startsAt: string;
  /** Optional for a list of videos: their total length. */
  endsAt?: string;
  repeat?: BroadcastRepeat;
  takeover?: BroadcastTakeover;
  announceMinutes?: number;
}

// ---- Households, members and branches (/api/admin/branches, /households, /members) ----

/** A party branch (党支部) of a street. */
export interface BranchView {
  id: string;
  streetId: string;
  name: string;
  /** Members assigned to it. */
  members: number;
  /** Its secretary (支部书记), who reads its members' study records; null: none named yet. */
  secretaryId: string | null;
  secretaryName: string | null;
}

/** A member of a household; `position` (1–9) is the digit that picks them when the TV asks 谁在看. */
export interface MemberView {
  id: string;
  householdId: string;
  position: number;
  name: string;
  branchId: string | null;
  branchName: string | null;
  partyMember: boolean;
}

/** A household (户) of a street; `members` is filled in GET /households/:id (empty in lists). */
export interface HouseholdView {
  id: string;
  streetId: string;
  name: string;
  address: string;
  memberCount: number;
  members: MemberView[];
}

export interface HouseholdListResponse {
  households: HouseholdView[];
  total: number;
}

/**
 * POST /households/import[?street=<id>] with a CSV (text/csv, UTF-8) or XLSX body: a header row (户名, 姓名; optional
 * 地址, 支部, 党员 是/否), then a member per row. All or nothing: a problem refuses the sheet with 422
 * `import_rows_invalid` and `error.details.rows: [{row, message}]` (row numbers as Excel shows them).
 */
export interface MemberImportResult {
  /** Households made (rows naming a household the street did not have). */
  households: number;
  members: number;
  /** Rows naming a member the household already has (importing a sheet twice adds nothing). */
  skipped: number;
}

// ---- Boxes and pairing (/api/admin/boxes, /api/admin/pairings) ----

/** A box of the fleet. */
export interface BoxView {
  id: string;
  /** The street the box is set to (null: the district's content only). */
  streetId: string | null;
  streetName: string | null;
  householdId: string | null;
  householdName: string | null;
  appVersion: string | null;
  /** Said hello within the last few minutes. */
  online: boolean;
  firstSeenAt: string;
  lastSeenAt: string;
  pairedAt: string | null;
  /** What it plays now (a progress report within the last minute). */
  playing: { itemId: string; title: string | null } | null;
}

export interface BoxListResponse {
  boxes: BoxView[];
  total: number;
}

/** POST /pairings: the code a box shows, and the household it is to serve. */
export interface PairBody {
  code: string;
  householdId: string;
}

// ---- Study records (/api/admin/study) ----

/** GET /study/report?from=&to=[&street=][&branch=]: a range of Shanghai days (inclusive), default this month. */
export interface StudyReport {
  from: string;
  to: string;
  /** Every member in scope, those who studied nothing too. */
  members: {
    memberId: string;
    name: string;
    household: string;
    branchId: string | null;
    branchName: string | null;
    partyMember: boolean;
    seconds: number;
    /** Lessons completed (≥ 90 % watched) in the range. */
    completed: number;
  }[];
  /** Per branch (未分支部 for members without one): members, members with any study, seconds, their share. */
  branches: { branchId: string | null; name: string; members: number; active: number; seconds: number; participation: number }[];
  /** Seconds per week (its Monday) and branch, for the chart. */
  weeks: { week: string; branchId: string | null; seconds: number }[];
}

// ---- 系统维护: backups (/api/admin/system) ----

export type BackupKindView = 'scheduled' | 'manual' | 'upgrade';

export interface BackupView {
  /** When it was taken (ISO). */
  at: string;
  kind: BackupKindView;
  /** The database and media it holds, in bytes (what a restore writes). */
  bytes: number;
  /** The manifest's file name in BACKUP_DIR. */
  file: string;
  schemaVersion: number;
  mediaFiles: number;
}

export interface BackupFailureView {
  at: string;
  kind: BackupKindView;
  /** Why, in Chinese. */
  reason: string;
}

export interface SystemStatusResponse {
  backup: {
    /** The newest backup in BACKUP_DIR; null when there is none. */
    last: BackupView | null;
    /** True when there is no backup or the last is older than `staleHours`. */
    stale: boolean;
    staleHours: number;
    /** The last backup that failed, when it is newer than the last good one. */
    lastFailure: BackupFailureView | null;
    running: boolean;
    /** Only district admins are told where backups are written (a path on the server). */
    backupDir: string | null;
    /** The cron schedule (Asia/Shanghai) or null when scheduled backups are off; and in plain Chinese. */
    schedule: string | null;
    scheduleText: string;
    /** Free bytes on BACKUP_DIR's disk; null when it cannot be read. */
    freeBytes: number | null;
    /** How many backups are kept. */
    count: number;
  };
  /** The data disk (DATA_DIR): free space, the reserve kept on it, and videos whose packaging waits for room. */
  disk: {
    freeBytes: number | null;
    reserveBytes: number;
    videosWaiting: number;
  };
  /** Whether this account may press 立即备份 (district admins). */
  canBackUp: boolean;
}

export interface BackupTakenResponse {
  backup: BackupView;
  /** Bytes written by this backup (media already in the pool is not copied again). */
  copiedBytes: number;
  durationMs: number;
}
