// Requests Node's HTTP parser refuses before Express sees them (a 70 kB query string, a malformed request line):
// answered in the one error shape too, instead of Node's bare "431" or a dropped connection.
import type http from 'node:http';
import type { Duplex } from 'node:stream';

const answer = (status: number, reason: string, code: string, message: string): string => {
  const body = JSON.stringify({ error: { code, message } });
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`
  );
};

export function answerClientErrors(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection reset or one whose answer has begun cannot take another: just close it.
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    socket.end(
      tooLarge
        ? answer(431, 'Request Header Fields Too Large', 'headers_too_large', '请求的地址或请求头太长了。')
        : answer(400, 'Bad Request', 'bad_request', '请求格式不正确。'),
    );
  });
}
