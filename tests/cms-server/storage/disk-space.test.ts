// The one place the CMS asks a disk's free space and recognises a full disk (cms-server/src/storage/disk-space.ts).
import fs from 'node:fs/promises';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { FfmpegError } from '../../../cms-server/src/media/ffmpeg.ts';
import { diskFullBehind, freeBytes, hasRoomFor, isDiskFullError } from '../../../cms-server/src/storage/disk-space.ts';

describe('free disk space', () => {
  it('when asked about a folder, then it answers what statfs says an ordinary process may still write', async () => {
    const s = await fs.statfs(os.tmpdir());
    const free = await freeBytes(os.tmpdir());
    expect(free).toBeGreaterThan(0);
    // Other writers may change it between the two looks; the unit is bytes (bavail × bsize), not blocks.
    expect(Math.abs(free - s.bavail * s.bsize)).toBeLessThan(256 * 1024 ** 2);
  });

  it('when the bytes and the reserve fit, then there is room; one byte more than free, then there is not', async () => {
    const free = await freeBytes(os.tmpdir());
    expect(await hasRoomFor(os.tmpdir(), 0, 0)).toMatchObject({ fits: true, needed: 0 });
    const tooMuch = await hasRoomFor(os.tmpdir(), free, 1024 ** 4);
    expect(tooMuch.fits).toBe(false);
    expect(tooMuch.needed).toBe(free + 1024 ** 4);
    expect(tooMuch.free).toBeGreaterThan(0);
    // A negative size or reserve counts as nothing.
    expect((await hasRoomFor(os.tmpdir(), -5, -5)).needed).toBe(0);
  });

  it('when the folder does not exist, then the question fails (callers decide what that means)', async () => {
    await expect(freeBytes('/nonexistent/keting-disk-space')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('recognising a full disk', () => {
  const errno = (code: string, message = code) => Object.assign(new Error(message), { code });

  it.each([
    ['ENOSPC from fs', errno('ENOSPC', 'ENOSPC: no space left on device, write')],
    ['EDQUOT from fs (a quota)', errno('EDQUOT')],
    ['ffmpeg saying so on stderr', new FfmpegError('ffmpeg exited with code 1', '[hls @ 0x1] Failed to write: No space left on device')],
    ['the words in the message', new Error('av_interleaved_write_frame(): No space left on device')],
    ['a quota in words', new Error('Disk quota exceeded')],
    ['ENOSPC as the cause of another error', new Error('copy failed', { cause: errno('ENOSPC') })],
  ])('when the error is %s, then it is a full disk', (_what, err) => {
    expect(isDiskFullError(err)).toBe(true);
  });

  it.each([
    ['ENOENT', errno('ENOENT')],
    ['EACCES', errno('EACCES')],
    ['a broken video', new FfmpegError('ffmpeg exited with code 1', 'Invalid data found when processing input')],
    ['undefined', undefined],
    ['null', null],
    ['a number', 28],
  ])('when the error is %s, then it is not', (_what, err) => {
    expect(isDiskFullError(err)).toBe(false);
  });
});

describe('a failure on a full disk that did not say so', () => {
  it('when the disk has room, then the failure is what it says (a full disk is only told by the full-disk test)', async () => {
    expect(await diskFullBehind(os.tmpdir(), new Error('the source ends at 0.0 s'))).toBeUndefined();
  });

  it('when the failure already says the disk is full, or the folder cannot be asked, then nothing is added', async () => {
    expect(await diskFullBehind(os.tmpdir(), Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBeUndefined();
    expect(await diskFullBehind('/nonexistent/keting-disk-space', new Error('x'))).toBeUndefined();
  });
});
