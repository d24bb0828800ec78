// The editor's form content as typed, kept in sessionStorage as it is typed (a session that runs out, or a
// closed tab, does not lose a half-written notice), and turned into the JSON the items API takes.
import { session, type ItemKind, type ItemView, type SectionId } from '../../api.ts';
import { fromLocalInput, toLocalInput } from '../../format.ts';

export interface Position {
  name: string;
  count: string;
  requirements: string;
}

/** The form's content, as typed (times as datetime-local values in Shanghai time). */
export interface Draft {
  kind: ItemKind;
  sectionId: SectionId;
  streetId: string | null;
  title: string;
  summary: string;
  body: string;
  urgent: boolean;
  assetId: string;
  guide: { department: string; duties: string[]; steps: string[]; materials: string[]; hours: string; phone: string; address: string };
  recruitment: { employer: string; positions: Position[]; deadline: string; contact: string };
  publishAt: string;
  unpublishAt: string;
  /** The item's updatedAt this draft started from: a draft of an older version is not restored. */
  base: string | null;
}

const DEFAULT_SECTION: Record<ItemKind, SectionId> = {
  video: 'branch-lessons',
  article: 'news',
  notice: 'affairs',
  guide: 'guide',
  recruitment: 'jobs',
};

export const emptyPosition = (): Position => ({ name: '', count: '1', requirements: '' });

function draftOf(item: ItemView | null, kind: ItemKind, assetId: string): Draft {
  const g = item?.guide;
  const r = item?.recruitment;
  return {
    kind: item?.kind ?? kind,
    sectionId: item?.sectionId ?? DEFAULT_SECTION[kind],
    streetId: item ? item.streetId : (session.user?.streetId ?? null),
    title: item?.title ?? '',
    summary: item?.summary ?? '',
    body: item?.body ?? '',
    urgent: item?.urgent ?? false,
    assetId: item?.assetId ?? assetId,
    guide: {
      department: g?.department ?? '',
      duties: g?.duties.slice() ?? [''],
      steps: g?.steps.slice() ?? [''],
      materials: g?.materials.slice() ?? [''],
      hours: g?.hours ?? '',
      phone: g?.phone ?? '',
      address: g?.address ?? '',
    },
    recruitment: {
      employer: r?.employer ?? '',
      positions: r?.positions.map((p) => ({ name: p.name, count: String(p.count), requirements: p.requirements })) ?? [emptyPosition()],
      deadline: r?.deadline ?? '',
      contact: r?.contact ?? '',
    },
    publishAt: toLocalInput(item?.publishAt),
    unpublishAt: toLocalInput(item?.unpublishAt),
    base: item?.updatedAt ?? null,
  };
}

const draftKey = (itemId: string | null, kind: ItemKind) => `keting:draft:${session.user?.id}:${itemId ?? `new-${kind}`}`;

function loadDraft(key: string): Draft | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

/** The draft of one item (or of a new item of one kind) and its copy in sessionStorage. */
export interface DraftStore {
  readonly d: Draft;
  /** True when `d` is what was typed last time and not saved, rather than the item as stored. */
  readonly restored: boolean;
  /** Call after every change: keeps the copy in sessionStorage. */
  changed(): void;
  /** Drops the copy: after a save, or when the person discards what was restored. */
  forget(): void;
}

/** The item's draft: what was typed last time and not saved (when the item has not changed since), else the item. */
export function openDraft(item: ItemView | null, kind: ItemKind, assetId: string, editable: boolean): DraftStore {
  const key = draftKey(item?.id ?? null, kind);
  const fresh = draftOf(item, kind, assetId);
  const saved = editable ? loadDraft(key) : null;
  const restored = saved ? saved.kind === kind && saved.base === fresh.base : false;
  const d = saved && restored ? saved : fresh;
  return {
    d,
    restored,
    changed() {
      try {
        sessionStorage.setItem(key, JSON.stringify(d));
      } catch {
        /* storage full or off: the form itself still holds the text */
      }
    },
    forget: () => sessionStorage.removeItem(key),
  };
}

const list = (v: string[]) => v.map((s) => s.trim()).filter(Boolean);

/** The JSON the items API takes, for this kind only. */
export function payload(d: Draft, isNew: boolean): Record<string, unknown> {
  const p: Record<string, unknown> = {
    sectionId: d.sectionId,
    title: d.title.trim(),
    summary: d.summary.trim(),
    body: d.body.trim(),
    publishAt: fromLocalInput(d.publishAt),
    unpublishAt: fromLocalInput(d.unpublishAt),
  };
  if (isNew) {
    p.kind = d.kind;
    // A street account's items are its street's; only district accounts choose.
    if (session.user?.streetId === null) p.streetId = d.streetId;
  }
  if (d.kind === 'notice') p.urgent = d.urgent;
  if (d.kind === 'video' && d.assetId) p.assetId = d.assetId;
  if (d.kind === 'guide') {
    const g = d.guide;
    p.guide = { department: g.department.trim(), duties: list(g.duties), steps: list(g.steps), materials: list(g.materials), hours: g.hours.trim(), phone: g.phone.trim(), address: g.address.trim() };
  }
  if (d.kind === 'recruitment') {
    const r = d.recruitment;
    p.recruitment = {
      employer: r.employer.trim(),
      positions: r.positions
        .filter((x) => x.name.trim() || x.requirements.trim())
        .map((x) => ({ name: x.name.trim(), count: Number(x.count) || 0, requirements: x.requirements.trim() })),
      deadline: r.deadline,
      contact: r.contact.trim(),
    };
  }
  return p;
}

/** The publishing window as the approve and window requests take it. */
export const windowBody = (d: Draft) => ({ publishAt: fromLocalInput(d.publishAt), unpublishAt: fromLocalInput(d.unpublishAt) });
