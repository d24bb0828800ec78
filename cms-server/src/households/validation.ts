// What the households API accepts, checked with zod before the service (http/validate.ts turns the first problem
// into a 400 naming the field, in Chinese). Names obey the shared text rules (domain/text.ts): no control
// characters, no lone surrogates, trimmed, bounded.
import { z } from 'zod';
import {
  BRANCH_NAME_MAX_CHARS,
  HOUSEHOLD_ADDRESS_MAX_CHARS,
  HOUSEHOLD_LIST_DEFAULT_LIMIT,
  HOUSEHOLD_LIST_MAX_LIMIT,
  HOUSEHOLD_NAME_MAX_CHARS,
  MEMBER_NAME_MAX_CHARS,
} from '../constants.ts';
import { ID_PATTERN, idSchema, UUID_PATTERN } from '../domain/ids.ts';
import { safeText } from '../domain/text.ts';

const streetId = z.string({ error: '请选择街道。' }).regex(ID_PATTERN, { error: '街道编号的格式不对。' });
const branchId = z.string({ error: '支部编号必须是文字。' }).regex(UUID_PATTERN, { error: '支部编号的格式不对。' }).nullable();

export const branchSchema = z.object({ streetId: streetId.optional(), name: safeText('支部名称', { max: BRANCH_NAME_MAX_CHARS }) }).strict();
export const branchPatchSchema = z
  .object({
    name: safeText('支部名称', { max: BRANCH_NAME_MAX_CHARS }),
    /** The branch's secretary (支部书记): an account of role secretary, of the branch's street or the district's. */
    secretaryId: z.string({ error: '支部书记的账号编号必须是文字。' }).regex(UUID_PATTERN, { error: '支部书记的账号编号格式不对。' }).nullable(),
  })
  .partial()
  .strict();

const householdFields = {
  name: safeText('家庭名称', { max: HOUSEHOLD_NAME_MAX_CHARS }),
  address: safeText('地址', { max: HOUSEHOLD_ADDRESS_MAX_CHARS, required: false }),
};
export const householdSchema = z
  .object({ streetId: streetId.optional(), ...householdFields, address: householdFields.address.default('') })
  .strict();
export const householdPatchSchema = z.object(householdFields).partial().strict();

const memberFields = {
  name: safeText('成员姓名', { max: MEMBER_NAME_MAX_CHARS }),
  branchId,
  partyMember: z.boolean({ error: '是否党员必须是 true 或 false。' }),
};
export const memberSchema = z
  .object({ ...memberFields, branchId: memberFields.branchId.default(null), partyMember: memberFields.partyMember.default(false) })
  .strict();
export const memberPatchSchema = z.object(memberFields).partial().strict();

export const householdListQuery = z.object({
  street: idSchema.optional(),
  q: z.string().max(HOUSEHOLD_NAME_MAX_CHARS).optional(),
  limit: z.coerce.number().int().min(1).max(HOUSEHOLD_LIST_MAX_LIMIT).default(HOUSEHOLD_LIST_DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type HouseholdListQuery = z.infer<typeof householdListQuery>;

export const branchListQuery = z.object({ street: idSchema.optional() });
