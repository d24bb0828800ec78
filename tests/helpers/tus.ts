// A small tus 1.0 client over fetch and node:http, written from the protocol (tus.io/protocols/resumable-upload):
// POST creates an upload (Upload-Length, Upload-Metadata), PATCH appends bytes at Upload-Offset, HEAD asks
// how many bytes the server has. Raw requests let the tests break a connection mid-body on purpose.
import fs from 'node:fs';
import http from 'node:http';

export const TUS = { 'Tus-Resumable': '1.0.0' };

export function encodeMetadata(meta: Record<string, string>): string {
  return Object.entries(meta)
    .map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`)
    .join(',');
}

export async function createUpload(
  baseUrl: string,
  headers: Record<string, string>,
  length: number,
  meta: Record<string, string> | undefined,
): Promise<Response> {
  return fetch(`${baseUrl}/api/admin/uploads`, {
    method: 'POST',
    headers: {
      ...TUS,
      ...headers,
      'Upload-Length': String(length),
      ...(meta ? { 'Upload-Metadata': encodeMetadata(meta) } : {}),
    },
  });
}

export async function patch(url: string, headers: Record<string, string>, offset: number, body: Buffer): Promise<Response> {
  return fetch(url, {
    method: 'PATCH',
    headers: { ...TUS, ...headers, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
    body: new Uint8Array(body),
  });
}

export async function head(url: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'HEAD', headers: { ...TUS, ...headers } });
}

/**
 * Starts a PATCH that declares the whole rest of the file but sends only `sendBytes` of it, then drops the
 * connection — an office network going down mid-upload.
 */
export async function interruptedPatch(
  url: string,
  headers: Record<string, string>,
  offset: number,
  data: Buffer,
  sendBytes: number,
): Promise<void> {
  const u = new URL(url);
  await new Promise<void>((resolve) => {
    const req = http.request({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      method: 'PATCH',
      headers: {
        ...TUS,
        ...headers,
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(data.length - offset),
      },
    });
    req.on('error', () => resolve());
    req.on('response', (res) => {
      res.resume();
      resolve();
    });
    req.write(data.subarray(offset, offset + sendBytes), () => {
      // Give the server a moment to write what arrived, then cut the line.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
  });
}

export interface Uploaded {
  location: string;
  assetId: string | null;
  final: Response;
}

/** Uploads a whole file in chunks; the response that completes it carries the new asset's id. */
export async function uploadFile(
  baseUrl: string,
  headers: Record<string, string>,
  file: string,
  meta: Record<string, string>,
  chunkBytes = 1024 * 1024,
): Promise<Uploaded> {
  const data = fs.readFileSync(file);
  const created = await createUpload(baseUrl, headers, data.length, meta);
  if (created.status !== 201) throw new Error(`POST answered ${created.status}: ${await created.text()}`);
  const location = new URL(created.headers.get('location')!, baseUrl).toString();
  let offset = 0;
  let res: Response | undefined;
  do {
    const chunk = data.subarray(offset, Math.min(data.length, offset + chunkBytes));
    res = await patch(location, headers, offset, chunk);
    if (res.status !== 204) break;
    offset = Number(res.headers.get('upload-offset'));
  } while (offset < data.length);
  return { location, assetId: res.headers.get('keting-asset-id'), final: res };
}
