// Run as a process of its own by write-contention.test.ts: adds `n` households of three members each through the
// real HouseholdService on a shared database file, as fast as it can; prints one JSON line of what failed.
//   node --import tsx tests/cms-server/cluster/household-writer.ts <db file> <n> <tag>
import { openDatabase } from '../../../cms-server/src/db/database.ts';
import type { Actor } from '../../../cms-server/src/domain/scope.ts';
import { HouseholdService } from '../../../cms-server/src/households/household-service.ts';

const [file, n, tag] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(file);
const households = new HouseholdService(db);
const admin: Actor = { userId: 'u-admin', username: 'admin', displayName: '管理员', role: 'admin', streetId: null, sessionId: 's' };
const failures: Record<string, number> = {};
for (let i = 0; i < Number(n); i++) {
  try {
    const h = households.createHousehold(admin, { streetId: 'taiping', name: `${tag}-${i}`, address: '' });
    for (let m = 1; m <= 3; m++) households.addMember(admin, h.id, { name: `成员${m}`, branchId: null, partyMember: true });
  } catch (e) {
    const code = (e as { code?: string }).code ?? String(e);
    failures[code] = (failures[code] ?? 0) + 1;
  }
}
db.close();
console.log(JSON.stringify({ tag, failures }));
