// /api/admin/study — the study report a branch secretary (支部书记) and admins read, as JSON, CSV and XLSX. Mounted by
// admin/router.ts after the session, CSRF and password-change gates; role → validate → service.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth/policy.ts';
import type { Db } from '../db/database.ts';
import { ID_PATTERN, UUID_PATTERN } from '../domain/ids.ts';
import { parseQuery } from '../http/validate.ts';
import { studyCsv, studyXlsx } from './export.ts';
import { STUDY_READERS, StudyService } from './study-service.ts';

const day = z.iso.date({ error: '日期的格式不对，请用“2026-12-01”。' });
const reportQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  street: z.string().regex(ID_PATTERN).optional(),
  branch: z.string().regex(UUID_PATTERN).optional(),
});

const attachment = (res: Response, name: string, type: string) => {
  res.set('Content-Type', type);
  // The Chinese file name for browsers that read filename*, a plain one for the rest.
  res.set('Content-Disposition', `attachment; filename="study-${name}"; filename*=UTF-8''${encodeURIComponent(`学习记录-${name}`)}`);
};

export function studyRouter(db: Db, clock?: () => Date): Router {
  const service = new StudyService(db, clock);
  const role = requireRole(STUDY_READERS, '查看学习记录');
  const r = Router();
  r.get('/report', role, (req, res) => {
    res.json(service.report(actorOf(req), parseQuery(reportQuery, req.query)));
  });
  r.get('/report.csv', role, (req, res) => {
    const report = service.report(actorOf(req), parseQuery(reportQuery, req.query));
    attachment(res, `${report.from}-${report.to}.csv`, 'text/csv; charset=utf-8');
    res.send(studyCsv(report));
  });
  r.get('/report.xlsx', role, async (req, res) => {
    const report = service.report(actorOf(req), parseQuery(reportQuery, req.query));
    const file = await studyXlsx(report);
    attachment(res, `${report.from}-${report.to}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.send(file);
  });
  return r;
}
