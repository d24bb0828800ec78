// Pairing codes with a clock the test moves (a real SQLite database in memory): a code works for ten minutes and
// once; a box's new code ends its old one; a box asks for at most ten codes in ten minutes; a household deleted
// unpairs its boxes.
import crypto from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { BoxService } from '../../../cms-server/src/boxes/box-service.ts';
import { PAIRING_CODE_TTL_S, PAIRING_CODES_PER_DEVICE_PER_10_MIN } from '../../../cms-server/src/constants.ts';
import { openDatabase, type Db } from '../../../cms-server/src/db/database.ts';
import type { Actor } from '../../../cms-server/src/domain/scope.ts';
import { HouseholdService } from '../../../cms-server/src/households/household-service.ts';

let db: Db;
let now: number;
let boxes: BoxService;
let householdId: string;
const operator: Actor = { userId: 'u-op', username: 'op', displayName: '运营', role: 'operator', streetId: null, sessionId: 's' };
const advance = (s: number) => (now += s * 1000);
const codeOf = (err: unknown) => (err as { code?: string }).code;

beforeEach(() => {
  db = openDatabase(':memory:');
  db.prepare("INSERT INTO streets (id, name) VALUES ('taiping', '太平街道')").run();
  now = Date.parse('2026-12-02T08:00:00Z');
  const clock = () => new Date(now);
  boxes = new BoxService(db, clock);
  const households = new HouseholdService(db, clock);
  const h = households.createHousehold(operator, { streetId: 'taiping', name: '平安里 3 号 张家', address: '' });
  households.addMember(operator, h.id, { name: '张建国', branchId: null, partyMember: true });
  householdId = h.id;
});

describe('pairing codes', () => {
  it('when a code is entered within ten minutes, then the box is paired and says so on its next hello; the code then fails', () => {
    const box = crypto.randomUUID();
    expect(boxes.hello(box, { appVersion: '0.1.0', streetId: 'taiping' }, '10.0.0.1')).toEqual({ paired: false, household: null });
    const { code, expiresAt, pairPath } = boxes.newCode(box, '10.0.0.1');
    expect(code).toMatch(/^\d{6}$/);
    expect(Date.parse(expiresAt) - now).toBe(PAIRING_CODE_TTL_S * 1000);
    expect(pairPath).toBe(`/admin/#/boxes?code=${code}`);
    advance(PAIRING_CODE_TTL_S - 1);
    expect(boxes.pair(operator, code, householdId)).toMatchObject({ id: box, householdName: '平安里 3 号 张家' });
    expect(boxes.hello(box, { appVersion: '0.1.0', streetId: 'taiping' }, '10.0.0.1')).toEqual({
      paired: true,
      household: { name: '平安里 3 号 张家', members: [{ position: 1, name: '张建国' }] },
    });
    expect(codeOf(catchOf(() => boxes.pair(operator, code, householdId)))).toBe('pairing_code_used');
  });

  it('when ten minutes have passed, then the code is expired', () => {
    const box = crypto.randomUUID();
    const { code } = boxes.newCode(box, '10.0.0.1');
    advance(PAIRING_CODE_TTL_S);
    expect(codeOf(catchOf(() => boxes.pair(operator, code, householdId)))).toBe('pairing_code_expired');
    expect(boxes.status(box).paired).toBe(false);
  });

  it("when a box asks for a new code, then its old one stops working; the eleventh in ten minutes is refused", () => {
    const box = crypto.randomUUID();
    const first = boxes.newCode(box, '10.0.0.1').code;
    const second = boxes.newCode(box, '10.0.0.1').code;
    expect(codeOf(catchOf(() => boxes.pair(operator, first, householdId)))).toBe('pairing_code_expired');
    for (let i = 2; i < PAIRING_CODES_PER_DEVICE_PER_10_MIN; i++) boxes.newCode(box, '10.0.0.1');
    expect(codeOf(catchOf(() => boxes.newCode(box, '10.0.0.1')))).toBe('too_many_pairing_codes');
    advance(10 * 60 + 1);
    expect(boxes.newCode(box, '10.0.0.1').code).toMatch(/^\d{6}$/);
    expect(second).not.toBe(first);
  });

  it('when the household is deleted, then its boxes are unpaired', () => {
    const box = crypto.randomUUID();
    boxes.pair(operator, boxes.newCode(box, '10.0.0.1').code, householdId);
    new HouseholdService(db, () => new Date(now)).deleteHousehold(operator, householdId);
    expect(boxes.status(box)).toEqual({ paired: false, household: null });
  });
});

function catchOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}
