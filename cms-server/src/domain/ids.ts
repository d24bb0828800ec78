// What ids look like, declared once. Content ids (items, assets, streets, sections) are lower-case letters,
// digits and dashes — also safe as folder names under media/; ids the server makes for accounts and uploads are
// UUIDs, and so are the ids boxes make for themselves. A route checks an id's form before any lookup, so a path
// trick never reaches the database.
import { z } from 'zod';

/** Item, asset and street ids, unanchored, for patterns that hold one (media paths): 1–63 characters. */
export const ID_FORM = '[a-z0-9][a-z0-9-]{0,62}';
/** Item, asset and street ids: lower-case letters, digits and dashes, 1–63 characters. */
export const ID_PATTERN = new RegExp(`^${ID_FORM}$`);
/** A lower-case UUID (accounts, uploads). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const idSchema = z.string().regex(ID_PATTERN);
export const uuidSchema = z.string().regex(UUID_PATTERN);
/** A box's own id: boxes make it with crypto.randomUUID (or the same format by hand), so any RFC 4122 form is taken. */
export const deviceIdSchema = z.string().uuid();
