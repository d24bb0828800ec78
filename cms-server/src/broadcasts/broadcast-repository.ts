// Storage of channels, broadcasts and their occurrences (migration 008). Queries built with Kysely (db/kysely.ts),
// run on SQLite at once. Times are ISO 8601 UTC text, which sorts as time; every range question is asked of
// broadcast_occurrences_by_channel.
import { expressionBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import { all, first, kyselyOf, run, type Kdb } from '../db/kysely.ts';
import type { Assets, Items } from '../db/schema.ts';

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

// Playable now: published, inside its window, a ready video. The TV catalog's rule, except that the catalog also
// shows a video playable early (its source copied while the ladder is encoded): a channel takes only the ladder,
// whose master no longer changes (live-service.ts keeps each asset's segments once read).
function playable(now: string) {
  const eb = expressionBuilder<{ i: Items; a: Assets }, 'i' | 'a'>();
  return eb.and([
    eb('i.kind', '=', 'video'),
    eb('i.status', '=', 'published'),
    eb('a.status', '=', 'ready'),
    eb.or([eb('i.publish_at', 'is', null), eb('i.publish_at', '<=', now)]),
    eb.or([eb('i.unpublish_at', 'is', null), eb('i.unpublish_at', '>', now)]),
  ]);
}

type OccurrenceWithBroadcast = OccurrenceRow & { source: BroadcastSource } & Pick<BroadcastRow, 'takeover' | 'announce_min'>;

/** What a broadcast's form sets, as columns: the same for a new broadcast and a changed one. */
function scheduleColumns(b: BroadcastWrite) {
  return {
    title: b.title,
    source: b.source,
    relay_url: b.relayUrl,
    starts_at: b.startsAt,
    ends_at: b.endsAt,
    repeat_kind: b.repeatKind,
    repeat_rule: b.repeatRule,
    repeat_days: b.repeatDays,
    takeover: b.takeover,
    announce_min: b.announceMin,
  };
}

export class BroadcastRepository {
  private readonly k: Kdb;

  constructor(private readonly db: Db) {
    this.k = kyselyOf(db);
  }

  private selectChannel() {
    return this.k
      .selectFrom('channels as c')
      .leftJoin('streets as s', 's.id', 'c.street_id')
      .leftJoin('sections as sec', 'sec.id', 'c.filler_section_id')
      .select(['c.id', 'c.street_id', 's.name as street_name', 'c.filler_section_id', 'sec.title as filler_section_title'])
      .$castTo<ChannelRow>();
  }

  private selectBroadcast() {
    return this.k.selectFrom('broadcasts').selectAll().$castTo<BroadcastRow>();
  }

  channels(streetId?: string): ChannelRow[] {
    return streetId === undefined
      ? all(
          this.db,
          this.selectChannel()
            .orderBy((eb) => eb('c.street_id', 'is not', null))
            .orderBy('s.name')
            .orderBy('c.id'),
        )
      : all(this.db, this.selectChannel().where('c.street_id', '=', streetId));
  }

  channel(id: string): ChannelRow | undefined {
    return first(this.db, this.selectChannel().where('c.id', '=', id));
  }

  setFiller(channelId: string, sectionId: string | null): void {
    run(this.db, this.k.updateTable('channels').set({ filler_section_id: sectionId }).where('id', '=', channelId));
  }

  sectionExists(id: string): boolean {
    return first(this.db, this.k.selectFrom('sections').select('id').where('id', '=', id)) !== undefined;
  }

  get(id: string): BroadcastRow | undefined {
    return first(this.db, this.selectBroadcast().where('id', '=', id));
  }

  itemIds(broadcastId: string): string[] {
    return all(
      this.db,
      this.k.selectFrom('broadcast_items').select('item_id').where('broadcast_id', '=', broadcastId).orderBy('position'),
    ).map((r) => r.item_id);
  }

  insert(b: BroadcastWrite, userId: string, now: string): void {
    run(
      this.db,
      this.k.insertInto('broadcasts').values({
        id: b.id,
        channel_id: b.channelId,
        ...scheduleColumns(b),
        created_by: userId,
        updated_by: userId,
        created_at: now,
        updated_at: now,
      }),
    );
  }

  update(b: BroadcastWrite, userId: string, now: string): void {
    run(
      this.db,
      this.k
        .updateTable('broadcasts')
        .set({ ...scheduleColumns(b), updated_by: userId, updated_at: now })
        .where('id', '=', b.id),
    );
  }

  delete(id: string): void {
    run(this.db, this.k.deleteFrom('broadcasts').where('id', '=', id));
  }

  /** Replaces a broadcast's items and occurrences (in the caller's transaction). */
  replaceParts(id: string, channelId: string, itemIds: string[], occurrences: { startsAt: string; endsAt: string }[]): void {
    run(this.db, this.k.deleteFrom('broadcast_items').where('broadcast_id', '=', id));
    run(this.db, this.k.deleteFrom('broadcast_occurrences').where('broadcast_id', '=', id));
    // One statement a row: its text stays the same, prepared once (db/kysely.ts).
    itemIds.forEach((itemId, i) =>
      run(this.db, this.k.insertInto('broadcast_items').values({ broadcast_id: id, position: i, item_id: itemId })),
    );
    for (const o of occurrences) {
      run(
        this.db,
        this.k
          .insertInto('broadcast_occurrences')
          .values({ broadcast_id: id, channel_id: channelId, starts_at: o.startsAt, ends_at: o.endsAt }),
      );
    }
  }

  /** Occurrences of a channel overlapping [from, to), in order; `except` leaves one broadcast out (an edit). */
  occurrences(channelId: string, from: string, to: string, except?: string): OccurrenceRow[] {
    return all(
      this.db,
      this.k
        .selectFrom('broadcast_occurrences as o')
        .innerJoin('broadcasts as b', 'b.id', 'o.broadcast_id')
        .select(['o.broadcast_id', 'b.title', 'o.starts_at', 'o.ends_at'])
        .where('o.channel_id', '=', channelId)
        .where('o.starts_at', '<', to)
        .where('o.ends_at', '>', from)
        .$if(except !== undefined, (qb) => qb.where('o.broadcast_id', '<>', except!))
        .orderBy('o.starts_at'),
    );
  }

  /** Every occurrence of a channel (the live index counts segments since the epoch), with its broadcast. */
  allOccurrences(channelId: string): OccurrenceWithBroadcast[] {
    return all(
      this.db,
      this.k
        .selectFrom('broadcast_occurrences as o')
        .innerJoin('broadcasts as b', 'b.id', 'o.broadcast_id')
        .select(['o.broadcast_id', 'b.title', 'b.source', 'b.takeover', 'b.announce_min', 'o.starts_at', 'o.ends_at'])
        .where('o.channel_id', '=', channelId)
        .orderBy('o.starts_at')
        .$castTo<OccurrenceWithBroadcast>(),
    );
  }

  /** The broadcasts with occurrences on a channel in [from, to). */
  broadcastsBetween(channelId: string, from: string, to: string): BroadcastRow[] {
    return all(
      this.db,
      this.selectBroadcast()
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('broadcast_occurrences as o')
            .select('o.broadcast_id')
            .where('o.channel_id', '=', channelId)
            .where('o.starts_at', '<', to)
            .where('o.ends_at', '>', from),
        )
        .orderBy('starts_at'),
    );
  }

  videoItems(ids: string[]): VideoItemRow[] {
    const q = (id: string) =>
      this.k
        .selectFrom('items as i')
        .leftJoin('assets as a', 'a.id', 'i.asset_id')
        .select(['i.id', 'i.title', 'i.kind', 'i.status', 'i.street_id', 'i.asset_id', 'a.status as asset_status', 'a.duration_sec'])
        .where('i.id', '=', id);
    return ids.map((id) => first(this.db, q(id))).filter((r): r is VideoItemRow => r !== undefined);
  }

  /** The playable videos of each broadcast item list, keyed by broadcast (items that are gone are left out). */
  playableItems(broadcastIds: string[], now: string): Map<string, PlayableRow[]> {
    const q = (id: string) =>
      this.k
        .selectFrom('broadcast_items as bi')
        .innerJoin('items as i', 'i.id', 'bi.item_id')
        .innerJoin('assets as a', 'a.id', 'i.asset_id')
        .select(['bi.item_id', 'i.asset_id'])
        .where('bi.broadcast_id', '=', id)
        .where(playable(now))
        .orderBy('bi.position')
        .$castTo<PlayableRow>();
    return new Map(broadcastIds.map((id) => [id, all(this.db, q(id))]));
  }

  /**
   * The filler loop of a channel: the playable videos of its section (or of every section when none is set) that
   * the channel's boxes may see — district videos, and its street's — in a fixed order.
   */
  fillerItems(channel: { street_id: string | null; filler_section_id: string | null }, now: string): PlayableRow[] {
    const section = channel.filler_section_id;
    const street = channel.street_id;
    return all(
      this.db,
      this.k
        .selectFrom('items as i')
        .innerJoin('assets as a', 'a.id', 'i.asset_id')
        .select(['i.id as item_id', 'i.asset_id'])
        .where(playable(now))
        .$if(section !== null, (qb) => qb.where('i.section_id', '=', section!))
        .where((eb) =>
          street === null ? eb('i.street_id', 'is', null) : eb.or([eb('i.street_id', 'is', null), eb('i.street_id', '=', street)]),
        )
        .orderBy('i.published_at')
        .orderBy('i.id')
        .$castTo<PlayableRow>(),
    );
  }
}
