// Importing members from a spreadsheet over real HTTP against a real CMS: a CSV as Excel saves it (UTF-8 with BOM)
// and an XLSX made with exceljs; importing the same sheet twice adds nothing; a sheet with bad rows is refused
// whole, naming each row as Excel numbers it; files that are no sheet of members are refused in words.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminOf, createStreets, userClient, type AdminClient } from '../../helpers/admin-client.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

let keting: KetingProcess;
let admin: AdminClient;
let operator: AdminClient;
const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  keting = await startKeting();
  admin = await adminOf(keting.baseUrl);
  await createStreets(admin);
  operator = await userClient(admin, { role: 'operator', streetId: 'taiping' });
  expect((await operator.json('POST', '/api/admin/branches', { name: '第一支部' })).status).toBe(201);
});
afterAll(async () => {
  await keting?.stop();
});

const upload = async (c: AdminClient, body: Buffer | string, type: string, query = '') => {
  const r = await fetch(`${keting.baseUrl}/api/admin/households/import${query}`, { method: 'POST', headers: { ...c.headers(), 'Content-Type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: r.status, body: (await r.json()) as any };
};
const bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')]);
const households = async () => (await operator.json('GET', '/api/admin/households?limit=200')).body;

it('when a CSV saved by Excel is imported, then its households and members are made once; the same sheet again adds nothing', async () => {
  const sheet = bom('户名,地址,姓名,支部,党员\n平安里 3 号 张家,平安里 3 号,张建国,第一支部,是\n平安里 3 号 张家,平安里 3 号,李秀英,,否\n"钮家巷 8 号, 陈家",,陈志强,第一支部,是\n\n');
  const first = await upload(operator, sheet, CSV);
  expect(first).toEqual({ status: 201, body: { households: 2, members: 3, skipped: 0 } });
  const list = (await households()).households;
  const zhang = list.find((h: { name: string }) => h.name === '平安里 3 号 张家');
  const detail = (await operator.json('GET', `/api/admin/households/${zhang.id}`)).body.household;
  expect(detail.members.map((m: { position: number; name: string; branchName: string | null; partyMember: boolean }) => [m.position, m.name, m.branchName, m.partyMember])).toEqual([
    [1, '张建国', '第一支部', true],
    [2, '李秀英', null, false],
  ]);
  expect(list.some((h: { name: string }) => h.name === '钮家巷 8 号, 陈家')).toBe(true);
  expect(await upload(operator, sheet, CSV)).toEqual({ status: 201, body: { households: 0, members: 0, skipped: 3 } });
  expect((await households()).total).toBe(2);
});

it('when an XLSX has the columns in another order, then it is read by its headers', async () => {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('成员');
  ws.addRow(['姓名', '党员', '户名']);
  ws.addRow(['王芳', '是', '平安里 5 号 王家']);
  ws.addRow(['王小虎', '否', '平安里 5 号 王家']);
  const res = await upload(operator, Buffer.from(await book.xlsx.writeBuffer()), XLSX);
  expect(res).toEqual({ status: 201, body: { households: 1, members: 2, skipped: 0 } });
});

it('when rows are wrong, then nothing is imported and every bad row is named by its Excel row number', async () => {
  const before = await households();
  const lines = ['户名,姓名,支部,党员', '新户甲,甲一,第一支部,是', '新户甲,,第一支部,是', '新户甲,甲三,第九支部,是', '新户甲,甲四,,也许'];
  for (let i = 0; i < 10; i++) lines.push(`大家庭,成员${i},,否`);
  const res = await upload(operator, bom(`${lines.join('\n')}\n`), CSV);
  expect(res.status).toBe(422);
  expect(res.body.error.code).toBe('import_rows_invalid');
  expect(res.body.error.details.rows.map((r: { row: number }) => r.row)).toEqual([3, 4, 5, 15]);
  expect(res.body.error.message).toContain('第 3 行');
  expect(res.body.error.message).toContain('没有导入任何成员');
  expect(res.body.error.details.rows[1].message).toContain('第九支部');
  expect(res.body.error.details.rows[3].message).toContain('9 位成员');
  expect(await households()).toEqual(before);
});

it('when the file is no sheet of members, or the account may not import there, then it is refused in words', async () => {
  const before = await households();
  const cases: [string, Buffer | string, string, string, number, string][] = [
    ['no header', bom('张家,张三\n'), CSV, '', 400, 'invalid_import'],
    ['a PDF', Buffer.from('%PDF-1.4'), 'application/pdf', '', 415, 'unsupported_file_type'],
    ['an empty CSV', Buffer.alloc(0), CSV, '', 400, 'empty_file'],
    ['an XLSX that is not one', Buffer.from('PK\u0003\u0004 not a zip'), XLSX, '', 400, 'invalid_import'],
    ['only a header', bom('户名,姓名\n'), CSV, '', 400, 'invalid_import'],
    ['a control character', bom('户名,姓名\n张家,张\u0007三\n'), CSV, '', 422, 'import_rows_invalid'],
    ["another street's households", bom('户名,姓名\n张家,张三\n'), CSV, '?street=pingjiang', 403, 'street_scope'],
  ];
  for (const [what, body, type, query, status, code] of cases) {
    const res = await upload(operator, body, type, query);
    expect([what, res.status, res.body.error?.code], what).toEqual([what, status, code]);
    expect(res.body.error.message, what).toMatch(/[\u4e00-\u9fff]/);
  }
  const huge = await upload(operator, bom(`户名,姓名\n${'张家,张三\n'.repeat(300_000)}`), CSV);
  expect(huge.status).toBe(413);
  const secretary = await userClient(admin, { role: 'secretary', streetId: 'taiping' });
  expect((await upload(secretary, bom('户名,姓名\n张家,张三\n'), CSV)).status).toBe(403);
  expect(await households()).toEqual(before);
});
