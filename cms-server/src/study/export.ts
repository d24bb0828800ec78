// The study report as files staff open in Excel: CSV (UTF-8 with a BOM, so Excel reads the Chinese; quoting by
// csv-stringify) and XLSX (exceljs: a sheet of members and a sheet of branches, hours as numbers).
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { StudyReport } from '../admin/contract.ts';

const hours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;
const MEMBER_HEADER = ['姓名', '家庭', '支部', '身份', '学习时长（小时）', '完成课程（个）'];
const BRANCH_HEADER = ['支部', '成员（人）', '有学习的成员（人）', '参学率', '学习时长（小时）'];

const memberRows = (r: StudyReport) => r.members.map((m) => [m.name, m.household, m.branchName ?? '未分支部', m.partyMember ? '党员' : '群众', hours(m.seconds), m.completed]);
const branchRows = (r: StudyReport) => r.branches.map((b) => [b.name, b.members, b.active, `${Math.round(b.participation * 1000) / 10}%`, hours(b.seconds)]);

/** UTF-8 with BOM: Excel on a Chinese Windows opens it as UTF-8 rather than GBK. */
export function studyCsv(r: StudyReport): Buffer {
  const text = stringify([[`学习记录 ${r.from} 至 ${r.to}`], MEMBER_HEADER, ...memberRows(r), [], BRANCH_HEADER, ...branchRows(r)], { record_delimiter: '\r\n' });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function studyXlsx(r: StudyReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '客厅 Keting';
  const sheet = (name: string, header: string[], rows: (string | number)[][]) => {
    const ws = book.addWorksheet(name);
    ws.addRow([`学习记录 ${r.from} 至 ${r.to}`]).font = { bold: true, size: 14 };
    ws.addRow(header).font = { bold: true };
    for (const row of rows) ws.addRow(row);
    ws.columns.forEach((c) => (c.width = 18));
  };
  sheet('成员', MEMBER_HEADER, memberRows(r));
  sheet('支部', BRANCH_HEADER, branchRows(r));
  return Buffer.from(await book.xlsx.writeBuffer());
}
