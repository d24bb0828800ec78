// A video the CMS made watchable before its ladder was done (cms-server/src/media/packager.ts packageEarly): its
// master lists only the source copied as it is, marked with this session data (EXT-X-SESSION-DATA DATA-ID), and
// the player (hls-player.ts) reads the master again every EARLY_RECHECK_MS until it lists the ladder.
export const EARLY_MASTER = 'cn.keting.early';
export const EARLY_RECHECK_MS = 10_000;
