// /api/admin/sections: the ten sections, read by every signed-in account (the admin's menus and forms).
import { Router } from 'express';
import type { Db } from '../db/database.ts';
import { SectionRepository } from './section-repository.ts';

export function sectionsRouter(db: Db): Router {
  const sections = new SectionRepository(db);
  const r = Router();
  r.get('/', (_req, res) => {
    res.json({ sections: sections.all().map((s) => ({ id: s.id, digit: s.digit, title: s.title })) });
  });
  return r;
}
