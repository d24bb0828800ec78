// SQL for channels, broadcasts and their occurrences (migration 008). Times are ISO 8601 UTC text, which sorts as
// time; every range question is asked of broadcast_occurrences_by_channel.
import type { Db } from '../db/database.ts';

export const TAKEOVERS = ['none', 'prompt', 'switch'] as const;
export type Takeover = (typeof TAKEOVERS)[number];
export type BroadcastSource = 'items' | 'relay';
export type RepeatKind = 'once' | 'weekly' | 'rrule';

export interface ChannelRow {
  id: string;
  street_id: string | null;
  street_name: string | null;
  filler_section_id: string | null;
  filler_section_title: string | null;
}

export interface BroadcastRow {
  id: string;
  channel_id: string;
  title: string;
  source: BroadcastSource;
  relay_url: string | null;
  starts_at: string;
  ends_at: string;
  repeat_kind: RepeatKind;
  repeat_rule: string | null;
  repeat_days: string | null;
  takeover: Takeover;
  announce_min: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface OccurrenceRow {
  broadcast_id: string;
  title: string;
  starts_at: string;
  ends_at: string;
}

/** A video item as a broadcast may use it: playable when published and its video is ready. */
export interface VideoItemRow {
  id: string;
  title: string;
  kind: string;
  status: string;
  street_id: string | null;
  asset_id: string | null;
  asset_status: string | null;
  duration_sec: number | null;
}

/** A playable video of a channel: the item and its packaged asset. */
export interface PlayableRow {
  item_id: string;
  asset_id: string;
}

export interface BroadcastWrite {
  id: string;
  channelId: string;
  title: string;
  source: BroadcastSource;
  relayUrl: string | null;
  startsAt: string;
  endsAt: string;
  repeatKind: RepeatKind;
  repeatRule: string | null;
  repeatDays: string | null;
  takeover: Takeover;
  announceMin: number;
}

const CHANNEL = `SELECT c.id, c.street_id, s.name AS street_name, c.filler_section_id, sec.title AS filler_section_title
  FROM channels c LEFT JOIN streets s ON s.id = c.street_id LEFT JOIN sections sec ON sec.id = c.filler_section_id`;

// Playable now: published, inside its window, a ready video. The TV catalog's rule, except that the catalog also
// shows a video playable early (its source copied while the ladder is encoded): a channel takes only the ladder,
// whose master no longer changes (live-service.ts keeps each asset's segments once read).
const PLAYABLE = `i.kind = 'video' AND i.status = 'published' AND a.status = 'ready'
  AND (i.publish_at IS NULL OR i.publish_at <= @now) AND (i.unpublish_at IS NULL OR i.unpublish_at > @now)`;

export class BroadcastRepository {
  constructor(private readonly db: Db) {}

  channels(streetId?: string): ChannelRow[] {
    return streetId === undefined
      ? (this.db.prepare(`${CHANNEL} ORDER BY c.street_id IS NOT NULL, s.name, c.id`).all() as ChannelRow[])
      : (this.db.prepare(`${CHANNEL} WHERE c.street_id = ?`).all(streetId) as ChannelRow[]);
  }

  channel(id: string): ChannelRow | undefined {
    return this.db.prepare(`${CHANNEL} WHERE c.id = ?`).get(id) as ChannelRow | undefined;
  }

  setFiller(channelId: string, sectionId: string | null): void {
    this.db.prepare('UPDATE channels SET filler_section_id = ? WHERE id = ?').run(sectionId, channelId);
  }

  sectionExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM sections WHERE id = ?').get(id) !== undefined;
  }

  get(id: string): BroadcastRow | undefined {
    return this.db.prepare('SELECT * FROM broadcasts WHERE id = ?').get(id) as BroadcastRow | undefined;
  }

  itemIds(broadcastId: string): string[] {
    return this.db.prepare('SELECT item_id FROM broadcast_items WHERE broadcast_id = ? ORDER BY position').pluck().all(broadcastId) as string[];
  }

  insert(b: BroadcastWrite, userId: string, now: string): void {
    this.db
      .prepare(
        `INSERT INTO broadcasts (id, channel_id, title, source, relay_url, starts_at, ends_at, repeat_kind, repeat_rule,
           repeat_days, takeover, announce_min, created_by, updated_by, created_at, updated_at)
         VALUES (@id, @channelId, @title, @source, @relayUrl, @startsAt, @endsAt, @repeatKind, @repeatRule, @repeatDays,
           @takeover, @announceMin, @userId, @userId, @now, @now)`,
      )
      .run({ ...b, userId, now });
  }

  update(b: BroadcastWrite, userId: string, now: string): void {
    this.db
      .prepare(
        `UPDATE broadcasts SET title = @title, source = @source, relay_url = @relayUrl, starts_at = @startsAt,
           ends_at = @endsAt, repeat_kind = @repeatKind, repeat_rule = @repeatRule, repeat_days = @repeatDays,
           takeover = @takeover, announce_min = @announceMin, updated_by = @userId, updated_at = @now
         WHERE id = @id`,
      )
      .run({ ...b, userId, now });
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM broadcasts WHERE id = ?').run(id);
  }

  /** Replaces a broadcast's items and occurrences (in the caller's transaction). */
  replaceParts(id: string, channelId: string, itemIds: string[], occurrences: { startsAt: string; endsAt: string }[]): void {
    this.db.prepare('DELETE FROM broadcast_items WHERE broadcast_id = ?').run(id);
    this.db.prepare('DELETE FROM broadcast_occurrences WHERE broadcast_id = ?').run(id);
    const item = this.db.prepare('INSERT INTO broadcast_items (broadcast_id, position, item_id) VALUES (?, ?, ?)');
    itemIds.forEach((itemId, i) => item.run(id, i, itemId));
    const occ = this.db.prepare('INSERT INTO broadcast_occurrences (broadcast_id, channel_id, starts_at, ends_at) VALUES (?, ?, ?, ?)');
    for (const o of occurrences) occ.run(id, channelId, o.startsAt, o.endsAt);
  }

  /** Occurrences of a channel overlapping [from, to), in order; `except` leaves one broadcast out (an edit). */
  occurrences(channelId: string, from: string, to: string, except?: string): OccurrenceRow[] {
    return this.db
      .prepare(
        `SELECT o.broadcast_id, b.title, o.starts_at, o.ends_at FROM broadcast_occurrences o
         JOIN broadcasts b ON b.id = o.broadcast_id
         WHERE o.channel_id = @channelId AND o.starts_at < @to AND o.ends_at > @from AND o.broadcast_id <> @except
         ORDER BY o.starts_at`,
      )
      .all({ channelId, from, to, except: except ?? '' }) as OccurrenceRow[];
  }

  /** Every occurrence of a channel (the live index counts segments since the epoch), with its broadcast. */
  allOccurrences(channelId: string): (OccurrenceRow & { source: BroadcastSource } & Pick<BroadcastRow, 'takeover' | 'announce_min'>)[] {
    return this.db
      .prepare(
        `SELECT o.broadcast_id, b.title, b.source, b.takeover, b.announce_min, o.starts_at, o.ends_at FROM broadcast_occurrences o
         JOIN broadcasts b ON b.id = o.broadcast_id WHERE o.channel_id = ? ORDER BY o.starts_at`,
      )
      .all(channelId) as (OccurrenceRow & { source: BroadcastSource } & Pick<BroadcastRow, 'takeover' | 'announce_min'>)[];
  }

  /** The broadcasts with occurrences on a channel in [from, to). */
  broadcastsBetween(channelId: string, from: string, to: string): BroadcastRow[] {
    return this.db
      .prepare(
        `SELECT * FROM broadcasts WHERE id IN (SELECT broadcast_id FROM broadcast_occurrences
           WHERE channel_id = @channelId AND starts_at < @to AND ends_at > @from) ORDER BY starts_at`,
      )
      .all({ channelId, from, to }) as BroadcastRow[];
  }

  videoItems(ids: string[]): VideoItemRow[] {
    const get = this.db.prepare(
      `SELECT i.id, i.title, i.kind, i.status, i.street_id, i.asset_id, a.status AS asset_status, a.duration_sec
       FROM items i LEFT JOIN assets a ON a.id = i.asset_id WHERE i.id = ?`,
    );
    return ids.map((id) => get.get(id) as VideoItemRow | undefined).filter((r): r is VideoItemRow => r !== undefined);
  }

  /** The playable videos of each broadcast item list, keyed by broadcast (items that are gone are left out). */
  playableItems(broadcastIds: string[], now: string): Map<string, PlayableRow[]> {
    const q = this.db.prepare(
      `SELECT bi.item_id, i.asset_id FROM broadcast_items bi JOIN items i ON i.id = bi.item_id
       JOIN assets a ON a.id = i.asset_id WHERE bi.broadcast_id = @id AND ${PLAYABLE} ORDER BY bi.position`,
    );
    return new Map(broadcastIds.map((id) => [id, q.all({ id, now }) as PlayableRow[]]));
  }

  /**
   * The filler loop of a channel: the playable videos of its section (or of every section when none is set) that
   * the channel's boxes may see — district videos, and its street's — in a fixed order.
   */
  fillerItems(channel: { street_id: string | null; filler_section_id: string | null }, now: string): PlayableRow[] {
    return this.db
      .prepare(
        `SELECT i.id AS item_id, i.asset_id FROM items i JOIN assets a ON a.id = i.asset_id
         WHERE ${PLAYABLE} AND (@section IS NULL OR i.section_id = @section)
           AND (i.street_id IS NULL OR i.street_id = @street)
         ORDER BY i.published_at, i.id`,
      )
      .all({ now, section: channel.filler_section_id, street: channel.street_id }) as PlayableRow[];
  }
}
