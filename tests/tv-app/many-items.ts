// A section with years of content: `count` published articles written straight into a CMS's database before
// the CMS starts (the admin API would take minutes for thousands). Newest first is 第 1 条: the article numbered
// `count` was published last. Used by the section-list browser test (a few hundred) and bench/tv-section.ts
// (10,000).
import Database from 'better-sqlite3';

export interface ManyItems {
  /** The title of the `i`-th newest of these articles (0: the newest; the seeded items of the section come before). */
  titleAt(i: number): string;
}

export function addArticles(dbPath: string, sectionId: string, count: number, opts: { prefix?: string } = {}): ManyItems {
  const prefix = opts.prefix ?? '社区学习材料';
  const db = new Database(dbPath);
  try {
    const insert = db.prepare(
      `INSERT INTO items (id, section_id, kind, title, summary, body, status, published_at, created_at, updated_at)
       VALUES (?, ?, 'article', ?, ?, ?, 'published', ?, ?, ?)`,
    );
    // Older than the seeded items (published "now" at seeding), one hour apart: the seeded ones stay on top.
    const base = Date.parse('2020-01-01T00:00:00.000Z');
    db.transaction(() => {
      for (let n = 1; n <= count; n++) {
        const at = new Date(base + n * 3_600_000).toISOString();
        insert.run(`many-${sectionId}-${n}`, sectionId, `${prefix} 第${n}期`, `第${n}期的内容提要`, `第${n}期的正文。\n\n第二段。`, at, at, at);
      }
    })();
  } finally {
    db.close();
  }
  return { titleAt: (i) => `${prefix} 第${count - i}期` };
}
