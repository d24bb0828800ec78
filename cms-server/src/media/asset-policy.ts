// Who may do what with videos (the checks themselves are auth/policy.ts and domain/scope.ts). A street account
// sees its own street's videos and the district's (its items may use those) but deletes its own street's only;
// a district account sees and deletes every street's.
import type { Role } from '../domain/scope.ts';

/** Upload a video: the people who make content. */
export const UPLOAD_ROLES: readonly Role[] = ['admin', 'editor'];
/** See videos and their packaging state: also reviewers (to preview before approving) and operators (to schedule). */
export const ASSET_READ_ROLES: readonly Role[] = ['admin', 'editor', 'reviewer', 'operator'];
/** Delete a video or change its captions: the people who make content. */
export const ASSET_DELETE_ROLES: readonly Role[] = ['admin', 'editor'];
