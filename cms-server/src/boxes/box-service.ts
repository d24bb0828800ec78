// The box fleet and pairing (issue 16). A box says hello when it starts and every minute (its version, its street);
// an unpaired box asks for a six-digit code and shows it with a QR code of the admin's pairing page; staff type the
// code (or open the link on a phone already signed in) and choose the household; the box hears it on its next hello
// (every few seconds while the code shows) and says 「已绑定：<household>」. Codes expire, are single-use, and a box's
// new code ends its old one; wrong codes are throttled at the route (per account, and across the server: the code
// space). Staff see the fleet of their street; a district account every box.
import crypto from 'node:crypto';
import { AuditLog } from '../audit/audit-log.ts';
import {
  BOX_ONLINE_WITHIN_S,
  BOX_PLAYING_WITHIN_S,
  BOX_STALE_DAYS,
  PAIRING_CODE_DIGITS,
  PAIRING_CODE_TTL_S,
  PAIRING_CODES_PER_DEVICE_PER_10_MIN,
} from '../constants.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { Actor, Role } from '../domain/scope.ts';
import type { BoxListResponse, BoxView } from '../admin/contract.ts';
import { HouseholdRepository } from '../households/household-repository.ts';
import type { BoxStatus, PairingCodeResponse } from '../tv-api/contract.ts';
import { DeviceRepository } from '../tv-api/device-repository.ts';
import { BoxRepository, type BoxRow } from './box-repository.ts';
import { knownBox } from './box-registry.ts';

/** Who sees the fleet and pairs boxes. */
export const BOX_ROLES: readonly Role[] = ['admin', 'operator'];

const DAY_MS = 86_400_000;
/** Where a code is typed in the admin (the QR code holds it with the code). */
export const PAIR_PAGE = '/admin/#/boxes';

export class BoxService {
  private readonly boxes: BoxRepository;
  private readonly devices: DeviceRepository;
  private readonly households: HouseholdRepository;
  private readonly audit: AuditLog;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.boxes = new BoxRepository(db);
    this.devices = new DeviceRepository(db);
    this.households = new HouseholdRepository(db);
    this.audit = new AuditLog(db, clock);
  }

  // ---- the TV's side ----

  /** A box is on: registered if new, its version and street kept; answers its pairing. */
  hello(deviceId: string, said: { appVersion: string; streetId: string | null }, address: string): BoxStatus {
    const now = this.clock();
    inTransaction(this.db, () => {
      knownBox(this.devices, deviceId, address, now);
      this.boxes.hello(deviceId, { streetId: said.streetId, appVersion: said.appVersion, at: now.toISOString() });
    });
    return this.status(deviceId);
  }

  /** What the box serves: its household and the members the TV numbers for 谁在看. */
  status(deviceId: string): BoxStatus {
    const box = this.boxes.box(deviceId, this.clock().toISOString());
    if (!box?.household_id) return { paired: false, household: null };
    const members = this.households.members(box.household_id).map((m) => ({ position: m.position, name: m.name }));
    return { paired: true, household: { name: box.household_name ?? '', members } };
  }

  /** A new code for this box to show; its earlier code stops working. */
  newCode(deviceId: string, address: string): PairingCodeResponse {
    const now = this.clock();
    const at = now.toISOString();
    return inTransaction(this.db, () => {
      knownBox(this.devices, deviceId, address, now);
      if (this.boxes.codesSince(deviceId, new Date(now.getTime() - 10 * 60_000).toISOString()) >= PAIRING_CODES_PER_DEVICE_PER_10_MIN) {
        throw new AppError(429, 'too_many_pairing_codes', '绑定码换得太频繁了，请过几分钟再试。');
      }
      this.boxes.pruneCodes(new Date(now.getTime() - DAY_MS).toISOString());
      let code: string;
      do code = String(crypto.randomInt(0, 10 ** PAIRING_CODE_DIGITS)).padStart(PAIRING_CODE_DIGITS, '0');
      while (this.boxes.code(code));
      const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_S * 1000).toISOString();
      this.boxes.insertCode({ code, device_id: deviceId, created_at: at, expires_at: expiresAt });
      return { code, expiresAt, pairPath: `${PAIR_PAGE}?code=${code}` };
    });
  }

  // ---- the staff's side ----

  /** Pairs the box showing `code` to a household of the actor's street. */
  pair(actor: Actor, code: string, householdId: string): BoxView {
    const household = this.households.household(householdId);
    if (!household || (actor.streetId !== null && household.street_id !== actor.streetId)) throw notFound('家庭');
    const now = this.clock();
    const at = now.toISOString();
    const deviceId = inTransaction(this.db, () => {
      const row = this.boxes.code(code);
      if (!row) throw new AppError(404, 'invalid_pairing_code', '没有这个绑定码，请对照电视上的数字再输入一次。');
      if (row.used_at) throw new AppError(410, 'pairing_code_used', '这个绑定码已经用过了。请在电视上重新打开“绑定家庭”，用新的绑定码。');
      if (row.expires_at <= at) throw new AppError(410, 'pairing_code_expired', '这个绑定码已经过期了。电视上会自动换一个新的，请输入新的绑定码。');
      this.boxes.useCode(code, at);
      const before = this.boxes.box(row.device_id, at);
      this.boxes.pair(row.device_id, household.id, at);
      this.audit.record({
        actor,
        action: 'box_paired',
        targetType: 'box',
        targetId: row.device_id,
        streetId: household.street_id,
        detail: { householdId: household.id, household: household.name, ...(before?.household_id ? { replaced: before.household_name } : {}) },
      });
      return row.device_id;
    });
    return this.view(this.boxes.box(deviceId, this.playingSince())!);
  }

  unpair(actor: Actor, deviceId: string): BoxView {
    const box = this.load(actor, deviceId);
    if (box.household_id) {
      inTransaction(this.db, () => {
        this.boxes.pair(deviceId, null, null);
        this.audit.record({ actor, action: 'box_unpaired', targetType: 'box', targetId: deviceId, streetId: box.household_street_id, detail: { household: box.household_name } });
      });
    }
    return this.view(this.boxes.box(deviceId, this.playingSince())!);
  }

  list(actor: Actor, q: { street?: string; stale: boolean; limit: number; offset: number }): BoxListResponse {
    const street = actor.streetId ?? q.street;
    const staleBefore = q.stale ? new Date(this.clock().getTime() - BOX_STALE_DAYS * DAY_MS).toISOString() : undefined;
    const { rows, total } = this.boxes.list({ street, staleBefore, playingSince: this.playingSince() }, q);
    return { boxes: rows.map((r) => this.view(r)), total };
  }

  get(actor: Actor, deviceId: string): BoxView {
    return this.view(this.load(actor, deviceId));
  }

  /** A box the actor may see: a district account any; a street account one set to its street or paired to its household. */
  private load(actor: Actor, deviceId: string): BoxRow {
    const box = this.boxes.box(deviceId, this.playingSince());
    const visible = box && (actor.streetId === null || box.street_id === actor.streetId || box.household_street_id === actor.streetId);
    if (!box || !visible) throw notFound('机顶盒');
    return box;
  }

  private playingSince(): string {
    return new Date(this.clock().getTime() - BOX_PLAYING_WITHIN_S * 1000).toISOString();
  }

  private view(r: BoxRow): BoxView {
    return {
      id: r.id,
      streetId: r.street_id,
      streetName: r.street_name,
      householdId: r.household_id,
      householdName: r.household_name,
      appVersion: r.app_version,
      online: this.clock().getTime() - Date.parse(r.last_seen_at) <= BOX_ONLINE_WITHIN_S * 1000,
      firstSeenAt: r.first_seen_at,
      lastSeenAt: r.last_seen_at,
      pairedAt: r.paired_at,
      playing: r.playing_item_id ? { itemId: r.playing_item_id, title: r.playing_title } : null,
    };
  }
}
