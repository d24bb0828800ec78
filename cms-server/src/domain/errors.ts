// The one error type every room throws: an HTTP status, a stable code from the closed list below, and a message
// in Chinese for people. Turned into `{ error: { code, message } }` by http/errors.ts. A new code is added here,
// so the list of everything the APIs can answer is in one place (and documented in the README's API tables).

export const ERROR_CODES = [
  // requests and routes
  'bad_request', 'malformed_json', 'payload_too_large', 'headers_too_large', 'route_not_found', 'not_found',
  'invalid_body', 'invalid_query', 'invalid_id', 'internal_error', 'conflict', 'bad_path',
  'media_not_found', 'admin_web_not_built', 'tv_app_not_built',
  // sessions and accounts
  'unauthenticated', 'forbidden', 'bad_credentials', 'account_disabled', 'session_expired', 'csrf_failed',
  'password_change_required', 'too_many_attempts', 'weak_password', 'username_taken', 'cannot_demote_self',
  'street_scope', 'street_exists', 'unknown_street', 'invalid_street',
  // items and publishing
  'invalid_kind', 'invalid_section', 'invalid_title', 'invalid_summary', 'invalid_text', 'invalid_urgent',
  'invalid_asset', 'invalid_guide', 'invalid_recruitment', 'invalid_time', 'invalid_reason', 'reason_required',
  'invalid_state', 'kind_immutable', 'item_locked', 'unknown_asset', 'asset_not_ready', 'asset_failed',
  'asset_in_use', 'time_too_far', 'unpublish_in_past', 'window_order', 'window_expired', 'asset_required',
  // uploads, videos and captions
  'tus_version_required', 'invalid_upload_url', 'upload_length_required', 'invalid_upload_length',
  'invalid_upload_offset', 'upload_offset_mismatch', 'invalid_metadata', 'invalid_content_type', 'empty_file',
  'upload_too_large', 'upload_interrupted', 'upload_locked', 'upload_write_failed', 'upload_concat_unsupported',
  'insufficient_storage', 'unsupported_file_type', 'no_video_stream', 'video_corrupt', 'video_truncated',
  'video_too_short', 'video_too_long', 'captions_type_required', 'captions_too_large', 'captions_empty',
  'captions_not_utf8', 'captions_past_end', 'not_webvtt', 'invalid_captions', 'captions_not_found',
  // broadcasts and channels
  'broadcast_overlap', 'broadcast_order', 'broadcast_too_long', 'invalid_repeat', 'invalid_rrule', 'rrule_endless',
  'rrule_too_frequent', 'too_many_occurrences', 'invalid_relay_url', 'relay_address_refused', 'broadcast_item_not_ready',
  'invalid_takeover', 'invalid_channel',
  // households, members and branches
  'household_full', 'branch_in_use', 'branch_exists', 'invalid_branch',
  // boxes and pairing
  'invalid_pairing_code', 'pairing_code_used', 'pairing_code_expired', 'too_many_pairing_codes',
  'too_many_pairing_attempts', 'too_many_box_requests',
  // study records and the member import
  'invalid_range', 'invalid_secretary', 'invalid_import', 'import_rows_invalid',
  // the TV API
  'invalid_device_id', 'not_playable', 'too_many_reports', 'too_many_new_devices',
  'device_limit_reached', 'too_many_streams', 'invalid_cursor', 'unknown_section',
  // speech for boxes without a voice
  'invalid_speech', 'speech_busy', 'too_many_speech_requests',
  // looking after the server: backups and the disk
  'backup_running', 'backup_failed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** More for a program to read beside the message (e.g. every refused row of an import), sent as `error.details`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what = '内容'): AppError => new AppError(404, 'not_found', `找不到这个${what}，它可能已被删除或下线。`);
