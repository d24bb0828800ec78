// The rules of content publishing: who may write, review, schedule and withdraw which item, and when.
//
// The workflow (items.status; "failed" is derived from a video's asset, never stored):
//   draft ──submit──▶ review ──approve──▶ scheduled (publish-at ahead) ──scheduler──▶ published
//     ▲                 │                                                   │
//     └────reject───────┘ (with a reason, kept in review_note)               ├─ withdraw (a person) ─▶ withdrawn
//                                                                            └─ unpublish-at (scheduler) ─▶ withdrawn
//   A street set to publish directly (streets.publish_directly) skips review: submit approves at once.
//   A withdrawn item can be edited and submitted again; nothing reaches a TV without approval.
//
// Editing and deleting (our rules, so that a TV never shows something nobody approved):
// - An item can be edited only as a draft, in review, or withdrawn. Editing an item in review sends it back to
//   draft (the reviewer must not approve a text other than the one they read); it must be submitted again.
// - An approved item (scheduled or published) is locked: 409 item_locked "请先撤下再修改". Withdraw it, edit,
//   submit again. Only its publishing window may change in place (PUT /window, operators, reviewers, admins).
// - Deleting follows the same rule (draft, review, withdrawn only); the audit log keeps the title. A video
//   item's video goes with it when no other item uses it and the actor may change it (its street's own):
//   files of deleted items do not pile up. A shared or district video stays (the assets API deletes it).
// Scope: a street account acts on its street's items; district items (street null) are seen by everyone but
// changed only by district accounts; another street's item is "not found".
import crypto from 'node:crypto';
import type { ItemAssetView, ItemListResponse, ItemView } from '../admin/contract.ts';
import type { Actor, Role } from '../domain/scope.ts';
import { ROLES } from '../domain/scope.ts';
import { canChange, canSee } from '../domain/scope.ts';
import { StreetRepository } from '../accounts/street-repository.ts';
import { EventRepository } from '../events/event-repository.ts';
import { AuditLog, type AuditAction } from '../audit/audit-log.ts';
import { ASSET_STATUS_LABELS, ITEM_ACTION_LABELS, ITEM_STATE_LABELS } from '../domain/labels.ts';
import { ITEM_ACTIONS, type ItemAction } from '../domain/vocabulary.ts';
import {
  AdminItemRepository,
  ITEM_STATUSES,
  type AdminItemRow,
  type ItemChanges,
  type ItemStatus,
} from '../content/item-repository.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { AssetRepository } from '../media/asset-repository.ts';
import { assetError } from '../media/asset-service.ts';
import { mediaUrl } from '../media/routes.ts';
import type { GuideData, RecruitmentData } from '../seed/content-schema.ts';
import {
  checkKindFields,
  checkWindow,
  deriveSummary,
  ITEM_STATES,
  type CreateItemInput,
  type ItemState,
  type ListQuery,
  type PatchItemInput,
  type WindowInput,
} from './validation.ts';

export const ACTIONS = ITEM_ACTIONS;
export type Action = ItemAction;

/** Who may take each action (the street scope is checked on the item). */
export const ACTION_ROLES: Record<Action | 'create' | 'read', readonly Role[]> = {
  read: ROLES,
  create: ['admin', 'editor'],
  edit: ['admin', 'editor'],
  delete: ['admin', 'editor'],
  submit: ['admin', 'editor'],
  approve: ['admin', 'reviewer'],
  reject: ['admin', 'reviewer'],
  // Taking something off the TVs at once is everyone's duty who works on content, except the secretary.
  withdraw: ['admin', 'reviewer', 'operator', 'editor'],
  schedule: ['admin', 'reviewer', 'operator'],
};

/** The statuses from which each action may start. */
const FROM: Record<Action, readonly ItemStatus[]> = {
  edit: ['draft', 'review', 'withdrawn'],
  delete: ['draft', 'review', 'withdrawn'],
  submit: ['draft', 'withdrawn'],
  approve: ['review'],
  reject: ['review'],
  withdraw: ['scheduled', 'published'],
  schedule: ITEM_STATUSES,
};

/** What refusals call each action: the route's role check and the service's alike. */
export const actionLabel = (action: keyof typeof ACTION_ROLES): string =>
  action === 'read' ? '查看内容' : action === 'create' ? '新建内容' : ITEM_ACTION_LABELS[action];

export type { ItemAssetView, ItemView };

function assetView(r: AdminItemRow): ItemAssetView | null {
  if (!r.asset_id || !r.asset_status) return null;
  const ready = r.asset_status === 'ready' || r.asset_status === 'playable'; // watchable (early or whole)
  return {
    status: r.asset_status,
    progress: r.asset_progress ?? 0,
    durationSec: r.asset_duration_sec,
    poster: ready && r.asset_poster ? mediaUrl(r.asset_id, r.asset_poster) : null,
    hls: ready ? mediaUrl(r.asset_id, 'master.m3u8') : null,
    error: assetError(r.asset_status, r.asset_error_code, r.asset_error),
  };
}

/** The actions open to `actor` on this item now. */
export function allowedActions(actor: Actor, r: Pick<AdminItemRow, 'status' | 'state' | 'street_id'>): Action[] {
  if (!canChange(actor, r)) return [];
  return ACTIONS.filter((a) => {
    if (!ACTION_ROLES[a].includes(actor.role) || !FROM[a].includes(r.status)) return false;
    // A video whose packaging failed cannot go to the TVs; the editor must choose another video first.
    if (r.state === 'failed' && (a === 'submit' || a === 'approve')) return false;
    return true;
  });
}

export function toItemView(r: AdminItemRow, actor: Actor): ItemView {
  const data = JSON.parse(r.data) as { guide?: GuideData; recruitment?: RecruitmentData };
  return {
    id: r.id,
    sectionId: r.section_id,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    body: r.body,
    urgent: r.urgent === 1,
    streetId: r.street_id,
    assetId: r.asset_id,
    asset: assetView(r),
    ...(data.guide ? { guide: data.guide } : {}),
    ...(data.recruitment ? { recruitment: data.recruitment } : {}),
    state: r.state,
    publishAt: r.publish_at,
    unpublishAt: r.unpublish_at,
    publishedAt: r.published_at,
    reviewNote: r.review_note,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    updatedBy: r.updated_by,
    updatedByName: r.updated_by_name,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    allowed: allowedActions(actor, r),
  };
}

const forbidden = (what: string) => new AppError(403, 'forbidden', `你的账号没有${what}的权限。`);

export class PublishingService {
  private readonly items: AdminItemRepository;
  private readonly streets: StreetRepository;
  private readonly assets: AssetRepository;
  private readonly audit: AuditLog;
  /** What the TVs are told, written in each change's own transaction (events/). */
  private readonly events: EventRepository;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.items = new AdminItemRepository(db);
    this.streets = new StreetRepository(db);
    this.assets = new AssetRepository(db);
    this.audit = new AuditLog(db, clock);
    this.events = new EventRepository(db);
  }

  /** A page of items; `counts` gives the number in every state under the same filters (the admin's tabs). */
  list(actor: Actor, q: ListQuery): ItemListResponse {
    this.requireRole(actor, 'read');
    const filter = {
      visibleToStreet: actor.streetId ?? undefined,
      street: q.street,
      section: q.section,
      kind: q.kind,
    };
    const { rows, total } = this.items.list({ ...filter, state: q.state, limit: q.limit, offset: q.offset });
    const found = this.items.countByState(filter);
    const counts = Object.fromEntries(ITEM_STATES.map((s) => [s, found[s] ?? 0])) as Record<ItemState, number>;
    return { items: rows.map((r) => toItemView(r, actor)), total, counts };
  }

  get(actor: Actor, id: string): ItemView {
    this.requireRole(actor, 'read');
    return toItemView(this.load(actor, id), actor);
  }

  create(actor: Actor, input: CreateItemInput): ItemView {
    this.requireRole(actor, 'create');
    const streetId = input.streetId === undefined ? actor.streetId : input.streetId;
    if (!canChange(actor, { street_id: streetId })) {
      throw new AppError(403, 'forbidden', '你只能为自己所在的街道创建内容。');
    }
    const now = this.clock();
    const body = input.body ?? '';
    const candidate = {
      kind: input.kind,
      body,
      urgent: input.urgent ?? false,
      assetId: input.assetId ?? null,
      guide: input.guide,
      recruitment: input.recruitment,
    };
    checkKindFields(candidate);
    const window = { publishAt: input.publishAt ?? null, unpublishAt: input.unpublishAt ?? null };
    checkWindow(window, now, true);
    const id = crypto.randomUUID();
    return this.write(() => {
      if (streetId !== null && !this.streets.exists(streetId)) {
        throw new AppError(400, 'unknown_street', '没有这个街道。');
      }
      if (candidate.assetId) this.checkAsset(actor, candidate.assetId, streetId);
      this.items.create(
        {
          id,
          sectionId: input.sectionId,
          kind: input.kind,
          title: input.title,
          summary: input.summary || deriveSummary(body, input.title),
          body,
          urgent: candidate.urgent,
          data: dataOf(input),
          assetId: candidate.assetId,
          streetId,
          status: 'draft',
          publishAt: window.publishAt,
          unpublishAt: window.unpublishAt,
          publishedAt: null,
        },
        actor.userId,
        now.toISOString(),
      );
      this.record(actor, 'item_created', { id, street_id: streetId }, { title: input.title, kind: input.kind });
      return id;
    }, actor);
  }

  update(actor: Actor, id: string, input: PatchItemInput): ItemView {
    this.requireRole(actor, 'edit');
    const now = this.clock();
    return this.write(() => {
      const row = this.loadForChange(actor, id, 'edit');
      if (input.kind !== undefined && input.kind !== row.kind) {
        throw new AppError(400, 'kind_immutable', '内容类型不能修改；如需换类型，请新建一条内容。');
      }
      const data = JSON.parse(row.data) as { guide?: unknown; recruitment?: unknown };
      const merged = {
        kind: row.kind,
        body: input.body ?? row.body,
        urgent: input.urgent ?? row.urgent === 1,
        assetId: input.assetId ?? row.asset_id,
        guide: input.guide ?? data.guide,
        recruitment: input.recruitment ?? data.recruitment,
      };
      checkKindFields(merged);
      const window = {
        publishAt: input.publishAt !== undefined ? input.publishAt : row.publish_at,
        unpublishAt: input.unpublishAt !== undefined ? input.unpublishAt : row.unpublish_at,
      };
      checkWindow(window, now, input.unpublishAt !== undefined);
      if (input.assetId !== undefined && input.assetId !== row.asset_id) this.checkAsset(actor, input.assetId, row.street_id);

      const changes: ItemChanges = {};
      if (input.sectionId !== undefined) changes.sectionId = input.sectionId;
      if (input.title !== undefined) changes.title = input.title;
      if (input.body !== undefined) changes.body = input.body;
      if (input.summary !== undefined) {
        changes.summary = input.summary || deriveSummary(merged.body, input.title ?? row.title);
      }
      if (input.urgent !== undefined) changes.urgent = input.urgent;
      if (input.assetId !== undefined) changes.assetId = input.assetId;
      if (input.guide !== undefined || input.recruitment !== undefined) {
        changes.data = dataOf({ guide: merged.guide as GuideData, recruitment: merged.recruitment as RecruitmentData });
      }
      if (input.publishAt !== undefined) changes.publishAt = input.publishAt;
      if (input.unpublishAt !== undefined) changes.unpublishAt = input.unpublishAt;
      const fields = Object.keys(changes);
      const backToDraft = row.status === 'review';
      if (backToDraft) changes.status = 'draft';
      this.apply(actor, row, 'edit', changes, now);
      this.record(actor, 'item_updated', row, { fields, ...(backToDraft ? { backToDraft: true } : {}) });
      return id;
    }, actor);
  }

  /** Deletes an item; answers the id of its video when that went too (the caller removes the files). */
  delete(actor: Actor, id: string): { removedAssetId: string | null } {
    this.requireRole(actor, 'delete');
    return inTransaction(this.db, () => {
      const row = this.loadForChange(actor, id, 'delete');
      if (!this.items.delete(id, FROM.delete)) throw conflict();
      this.record(actor, 'item_deleted', row, { title: row.title, kind: row.kind, state: row.state });
      const asset = row.asset_id ? this.assets.get(row.asset_id) : undefined;
      if (!asset || this.assets.usedBy(asset.id).length > 0 || !canChange(actor, asset) || asset.street_id === null) {
        return { removedAssetId: null };
      }
      this.assets.delete(asset.id);
      this.audit.record({
        actor,
        action: 'asset_deleted',
        targetType: 'asset',
        targetId: asset.id,
        streetId: asset.street_id,
        detail: { title: asset.title ?? asset.source_name, withItem: id },
      });
      return { removedAssetId: asset.id };
    });
  }


  submit(actor: Actor, id: string): ItemView {
    this.requireRole(actor, 'submit');
    const now = this.clock();
    return this.write(() => {
      const row = this.loadForChange(actor, id, 'submit');
      this.checkPublishable(row, { unpublishAt: row.unpublish_at }, now);
      const iso = now.toISOString();
      this.apply(actor, row, 'submit', { status: 'review', submittedAt: iso, submittedBy: actor.userId }, now);
      this.record(actor, 'item_submitted', row);
      // A street that publishes directly: the submission is its own approval.
      if (row.street_id !== null && this.streets.get(row.street_id)?.publish_directly === 1) {
        const after = this.items.get(id)!;
        this.approveRow(actor, after, { publishAt: row.publish_at, unpublishAt: row.unpublish_at }, now, true);
      }
      return id;
    }, actor);
  }

  approve(actor: Actor, id: string, input: WindowInput): ItemView {
    this.requireRole(actor, 'approve');
    const now = this.clock();
    return this.write(() => {
      const row = this.loadForChange(actor, id, 'approve');
      const window = {
        publishAt: input.publishAt !== undefined ? input.publishAt : row.publish_at,
        unpublishAt: input.unpublishAt !== undefined ? input.unpublishAt : row.unpublish_at,
      };
      checkWindow(window, now, input.unpublishAt !== undefined);
      this.approveRow(actor, row, window, now, false);
      return id;
    }, actor);
  }

  reject(actor: Actor, id: string, reason: string): ItemView {
    this.requireRole(actor, 'reject');
    const now = this.clock();
    return this.write(() => {
      const row = this.loadForChange(actor, id, 'reject');
      const iso = now.toISOString();
      this.apply(actor, row, 'reject', { status: 'draft', reviewNote: reason, reviewedBy: actor.userId, reviewedAt: iso }, now);
      this.record(actor, 'item_rejected', row, { reason });
      return id;
    }, actor);
  }

  withdraw(actor: Actor, id: string): ItemView {
    this.requireRole(actor, 'withdraw');
    const now = this.clock();
    return this.write(() => {
      const row = this.loadForChange(actor, id, 'withdraw');
      this.apply(actor, row, 'withdraw', { status: 'withdrawn' }, now);
      this.record(actor, 'item_withdrawn', row, { from: row.status });
      if (row.status === 'published') this.events.itemChanged(false, row, now);
      return id;
    }, actor);
  }

  /**
   * Sets the publishing window. On an approved item it takes effect at once: a publish-at moved ahead takes a
   * published item off the TVs until then (scheduled), one moved to now publishes a scheduled item.
   */
  setWindow(actor: Actor, id: string, input: WindowInput): ItemView {
    this.requireRole(actor, 'schedule');
    const now = this.clock();
    const window = { publishAt: input.publishAt ?? null, unpublishAt: input.unpublishAt ?? null };
    checkWindow(window, now, true);
    return this.write(() => {
      const row = this.loadForChange(actor, id, 'schedule');
      const changes: ItemChanges = { ...window };
      let live = false;
      if (row.status === 'scheduled' || row.status === 'published') {
        const ahead = window.publishAt !== null && Date.parse(window.publishAt) > now.getTime();
        changes.status = ahead ? 'scheduled' : 'published';
        live = changes.status === 'published' && row.status === 'scheduled';
        if (live) changes.publishedAt = now.toISOString();
      }
      this.apply(actor, row, 'schedule', changes, now);
      this.record(actor, 'item_scheduled', row, { ...window, ...(changes.status ? { status: changes.status } : {}) });
      if (live) this.record(actor, 'item_published', row);
      if (live) this.events.itemChanged(true, row, now);
      else if (row.status === 'published' && changes.status === 'scheduled') this.events.itemChanged(false, row, now);
      // Still on the TVs with another unpublish-at: the moment it leaves them moved (tv-api/answer-cache.ts).
      else if (row.status === 'published') this.events.itemUpdated(row, now);
      return id;
    }, actor);
  }

  // ---- internals ----

  /** review → scheduled or published; the window has been checked for order by the caller. */
  private approveRow(
    actor: Actor,
    row: AdminItemRow,
    window: { publishAt: string | null; unpublishAt: string | null },
    now: Date,
    direct: boolean,
  ): void {
    this.checkPublishable(row, window, now);
    const iso = now.toISOString();
    const ahead = window.publishAt !== null && Date.parse(window.publishAt) > now.getTime();
    const status: ItemStatus = ahead ? 'scheduled' : 'published';
    this.apply(
      actor,
      row,
      'approve',
      {
        status,
        publishAt: window.publishAt,
        unpublishAt: window.unpublishAt,
        publishedAt: ahead ? null : iso,
        reviewedBy: actor.userId,
        reviewedAt: iso,
        reviewNote: null,
      },
      now,
    );
    this.record(actor, 'item_approved', row, { status, ...window, ...(direct ? { direct: true } : {}) });
    if (!ahead) {
      this.record(actor, 'item_published', row);
      this.events.itemChanged(true, row, now);
    }
  }

  /** A video whose packaging failed, or a window already over, cannot go to the TVs. */
  private checkPublishable(row: AdminItemRow, window: { unpublishAt: string | null }, now: Date): void {
    if (row.state === 'failed') {
      throw new AppError(409, 'asset_failed', `这条内容的${ASSET_STATUS_LABELS.failed}了，请先换一个视频再提交。`);
    }
    if (window.unpublishAt !== null && Date.parse(window.unpublishAt) <= now.getTime()) {
      throw new AppError(409, 'window_expired', '这条内容的下线时间已经过去了，请先修改或清空下线时间。');
    }
  }

  /** The video must exist, be visible to the actor and belong to the item's street or the district. */
  private checkAsset(actor: Actor, assetId: string, itemStreet: string | null): void {
    const asset = this.assets.get(assetId);
    if (!asset || !canSee(actor, asset) || (asset.street_id !== null && asset.street_id !== itemStreet)) {
      throw new AppError(400, 'unknown_asset', '找不到这个视频，请从本街道已上传的视频中选择。');
    }
    if (asset.status === 'failed') {
      throw new AppError(400, 'asset_failed', `这个${ASSET_STATUS_LABELS.failed}了，请换一个视频。`);
    }
  }

  private requireRole(actor: Actor, action: keyof typeof ACTION_ROLES): void {
    if (!ACTION_ROLES[action].includes(actor.role)) {
      throw forbidden(actionLabel(action));
    }
  }

  /** The item, if the actor may see it; another street's item is "not found", so ids cannot be probed. */
  private load(actor: Actor, id: string): AdminItemRow {
    const row = this.items.get(id);
    if (!row || !canSee(actor, row)) throw notFound('内容');
    return row;
  }

  private loadForChange(actor: Actor, id: string, action: Action): AdminItemRow {
    const row = this.load(actor, id);
    if (!canChange(actor, row)) {
      throw new AppError(403, 'forbidden', '这是全区的内容，只有区级账号可以修改。');
    }
    if (!FROM[action].includes(row.status)) {
      if ((action === 'edit' || action === 'delete') && (row.status === 'scheduled' || row.status === 'published')) {
        throw new AppError(
          409,
          'item_locked',
          `这条内容已通过审核（${ITEM_STATE_LABELS[row.status]}），请先撤下再${ITEM_ACTION_LABELS[action]}。`,
        );
      }
      throw new AppError(409, 'invalid_state', `这条内容现在是“${ITEM_STATE_LABELS[row.state]}”，不能${ITEM_ACTION_LABELS[action]}。`);
    }
    return row;
  }

  /** The conditional UPDATE of one step; losing a race to another person's step is a 409, never a double step. */
  private apply(actor: Actor, row: AdminItemRow, action: Action, changes: ItemChanges, now: Date): void {
    if (!this.items.change(row.id, FROM[action], changes, actor.userId, now.toISOString())) throw conflict();
  }

  private record(
    actor: Actor | null,
    action: AuditAction,
    row: { id: string; street_id: string | null },
    detail: Record<string, unknown> = {},
  ): void {
    this.audit.record({ actor, action, targetType: 'item', targetId: row.id, streetId: row.street_id, detail });
  }

  /** Runs a change in one IMMEDIATE transaction (check and write cannot interleave) and answers the new view. */
  private write(fn: () => string, actor: Actor): ItemView {
    const id = inTransaction(this.db, fn);
    return toItemView(this.items.get(id)!, actor);
  }
}

const conflict = () => new AppError(409, 'conflict', '这条内容刚被别人改过了，请刷新后再试。');

function dataOf(i: { guide?: GuideData; recruitment?: RecruitmentData }): Record<string, unknown> {
  if (i.guide) return { guide: i.guide };
  if (i.recruitment) return { recruitment: i.recruitment };
  return {};
}
