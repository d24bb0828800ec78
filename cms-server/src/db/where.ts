// The WHERE clause of a list filter whose fields are all optional, shared by the repositories' list queries.

/**
 * Each field of `filter` that is given adds its condition from `conditions` (joined with AND); the field's
 * value becomes the named parameter of the same name (`street` → `@street`). Fields without a condition
 * (limit, offset) are left to the caller.
 */
export function whereOf<F extends object>(
  conditions: Partial<Record<keyof F, string>>,
  filter: F,
): { clause: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  for (const [key, sql] of Object.entries(conditions) as [keyof F & string, string][]) {
    if (filter[key] === undefined) continue;
    where.push(sql);
    params[key] = filter[key];
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}
