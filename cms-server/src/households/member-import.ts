// Reading a spreadsheet of members (CSV or XLSX, a header row first) into rows the household service imports. The
// columns are found by their Chinese headers, in any order: 户名 (required), 地址, 姓名 (required), 支部, 党员 (是/否).
// CSV by csv-parse (UTF-8, with or without a BOM — what Excel writes as "CSV UTF-8"), XLSX by exceljs. Every
// problem is reported with the row number a person sees in Excel (the header is row 1).
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { HOUSEHOLD_ADDRESS_MAX_CHARS, HOUSEHOLD_NAME_MAX_CHARS, MEMBER_IMPORT_MAX_ROWS, MEMBER_NAME_MAX_CHARS, BRANCH_NAME_MAX_CHARS } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { safeText } from '../domain/text.ts';

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One member to import, as the sheet says it. */
export interface ImportRow {
  /** The row number in the sheet (header = 1). */
  row: number;
  household: string;
  address: string;
  name: string;
  branch: string | null;
  partyMember: boolean;
}

/** A problem with one row, in words. */
export interface RowProblem {
  row: number;
  message: string;
}

const HEADERS = { household: '户名', address: '地址', name: '姓名', branch: '支部', party: '党员' } as const;

const rowSchema = z.object({
  household: safeText('户名', { max: HOUSEHOLD_NAME_MAX_CHARS }),
  address: safeText('地址', { max: HOUSEHOLD_ADDRESS_MAX_CHARS, required: false }),
  name: safeText('姓名', { max: MEMBER_NAME_MAX_CHARS }),
  branch: safeText('支部', { max: BRANCH_NAME_MAX_CHARS, required: false }),
  party: z.string().trim().pipe(z.enum(['是', '否', ''], { error: '“党员”一栏只能填“是”或“否”。' })),
});

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
};

/** The sheet's cells as rows of text, the header first. */
async function table(body: Buffer, type: string): Promise<string[][]> {
  if (type === CSV_TYPE) {
    try {
      return parseCsv(body, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
    } catch (e) {
      throw new AppError(400, 'invalid_import', `CSV 文件读不出来：${(e as Error).message.slice(0, 120)}。请用 Excel 另存为“CSV UTF-8”。`);
    }
  }
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, 'invalid_import', 'Excel 文件读不出来，请确认是 .xlsx 格式（不是旧的 .xls）。');
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new AppError(400, 'invalid_import', 'Excel 文件里没有工作表。');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (r, n) => {
    rows[n - 1] = (r.values as ExcelJS.CellValue[]).slice(1).map(cellText);
  });
  return Array.from(rows, (r) => r ?? []);
}

/** A sheet as read: its good rows and the problems of the others (the service adds its own, then decides). */
export interface MemberSheet {
  rows: ImportRow[];
  problems: RowProblem[];
}

/** Reads the sheet; throws 400 for a file that is no sheet of members. */
export async function readMemberSheet(body: Buffer, type: string): Promise<MemberSheet> {
  const cells = await table(body, type);
  const header = (cells[0] ?? []).map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  const missing = [HEADERS.household, HEADERS.name].filter((h) => col(h) < 0);
  if (missing.length) {
    throw new AppError(400, 'invalid_import', `第 1 行必须是表头，至少要有“${missing.join('”“')}”这几列（可选：地址、支部、党员）。`);
  }
  const body_ = cells.slice(1);
  if (body_.length > MEMBER_IMPORT_MAX_ROWS) throw new AppError(400, 'invalid_import', `一次最多导入 ${MEMBER_IMPORT_MAX_ROWS} 行，请分几次导入。`);
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  body_.forEach((cellsOfRow, i) => {
    const row = i + 2;
    const at = (name: string) => (col(name) >= 0 ? (cellsOfRow[col(name)] ?? '') : '');
    if (cellsOfRow.every((c) => c.trim() === '')) return; // a blank line
    const parsed = rowSchema.safeParse({ household: at(HEADERS.household), address: at(HEADERS.address), name: at(HEADERS.name), branch: at(HEADERS.branch), party: at(HEADERS.party) });
    if (!parsed.success) {
      problems.push({ row, message: parsed.error.issues[0]!.message });
      return;
    }
    const v = parsed.data;
    rows.push({ row, household: v.household, address: v.address, name: v.name, branch: v.branch || null, partyMember: v.party === '是' });
  });
  if (rows.length + problems.length === 0) throw new AppError(400, 'invalid_import', '表格里没有成员：表头下面一行一位成员。');
  return { rows, problems };
}

/** 422 naming every row's problem (the first few in the message, all in `details.rows`); nothing is imported. */
export function importRefusal(unsorted: RowProblem[]): AppError {
  const problems = [...unsorted].sort((a, b) => a.row - b.row);
  const shown = problems.slice(0, 5).map((p) => `第 ${p.row} 行：${p.message}`).join('；');
  const more = problems.length > 5 ? `……共 ${problems.length} 行有问题` : '';
  return new AppError(422, 'import_rows_invalid', `没有导入任何成员。${shown}${more}。改好后请重新导入整个表格。`, { rows: problems });
}
