// Where tus uploads are written: @tus/file-store's FileStore (one file per upload in DATA_DIR/uploads/, its
// offset the file's size), with one difference — a full disk is said as such. FileStore answers every failed
// write with the same FILE_WRITE_ERROR and forgets the reason; here the write is the same (bytes appended at the
// offset, in order, until the request's body ends or a write fails), and a write refused because the disk or a
// quota is full becomes a 507 `insufficient_storage` in Chinese.
//
// What a full disk leaves behind: the bytes written before the failing write, and only those. Node's write
// stream writes the chunks in order and finishes a short write before the next one, so the file holds a prefix
// of what was sent, intact; its size — the offset that HEAD reports — is exactly that prefix, and a PATCH from
// there once space is freed completes the upload (tests/cms-server/storage/full-disk.test.ts).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import stream from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileStore } from '@tus/file-store';
import { ERRORS, type Upload } from '@tus/server';
import { AppError } from '../domain/errors.ts';
import { isDiskFullError } from '../storage/disk-space.ts';

/** The answer to an upload that does not fit (anymore): the stable code the clients know, and what to do. */
export const diskFull = (whileWriting: boolean) =>
  new AppError(
    507,
    'insufficient_storage',
    whileWriting
      ? '服务器存储空间已满，这个视频暂时传不上去。已上传的部分已保留，请联系管理员清理空间后，重新选择同一个文件继续上传。'
      : '服务器存储空间不足，放不下这个视频。请联系管理员清理空间后再上传。',
  );

export class UploadStore extends FileStore {
  constructor(
    directory: string,
    /** Told when a write stopped at a full disk: the upload and the bytes it holds now. */
    private readonly onDiskFull: (id: string, offset: number, err: unknown) => void = () => {},
  ) {
    super({ directory });
  }

  override async create(file: Upload): Promise<Upload> {
    try {
      return await super.create(file);
    } catch (e) {
      if (isDiskFullError(e)) {
        // Nothing half-made: the empty file and its .json go (a resumable upload needs both).
        await fsp.rm(this.fileOf(file.id), { force: true });
        await fsp.rm(`${this.fileOf(file.id)}.json`, { force: true });
        throw diskFull(false);
      }
      throw e;
    }
  }

  override async write(readable: stream.Readable, id: string, offset: number): Promise<number> {
    const file = this.fileOf(id);
    let received = 0;
    const count = new stream.Transform({
      transform(chunk: Buffer, _enc, callback) {
        received += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(readable, count, fs.createWriteStream(file, { flags: 'r+', start: offset }));
    } catch (e) {
      if (!isDiskFullError(e)) throw ERRORS.FILE_WRITE_ERROR;
      // The offset is what really is on disk (the client asks for it with HEAD before going on).
      const size = await fsp.stat(file).then((s) => s.size, () => offset);
      this.onDiskFull(id, size, e);
      throw diskFull(true);
    }
    return offset + received;
  }

  private fileOf(id: string): string {
    const dir = path.resolve(this.directory);
    const file = path.resolve(dir, id);
    if (path.dirname(file) !== dir) throw ERRORS.FILE_NOT_FOUND;
    return file;
  }
}
