/**
 * The HTTP server around the app. Two things differ from `app.listen`: it
 * resolves only once listening and rejects on a listen error (a port in use),
 * and requests Node's HTTP parser refuses before Express sees them (a 600 kB
 * query string, a malformed request line, headers that never finish) are
 * answered with a problem+json document and a *lingering* close.
 *
 * Why lingering: Node's default reply writes a bare 431/400 and destroys the
 * socket at once. A client still sending its oversized request then gets a TCP
 * reset instead of the answer (EPIPE/ECONNRESET, "no response"), depending on
 * timing. Half-closing and reading on until the client is done lets every client
 * read the reason.
 */
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import { AppError } from '../../domain/errors.js';
import { toProblem } from './problem.js';

/** How long a refused client may go on sending before its socket is closed anyway. */
const LINGER_MS = 5_000;

export function serve(app: Express, port: number, host: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    // Not app.listen: Express 5 hands a listen error (a port in use) to its callback, so the
    // service said it was listening while it was not. Node's own callback runs only on 'listening'.
    const server = createServer(app);
    server.once('error', reject);
    server.on('clientError', answerRefusedRequest);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

const refused = new WeakSet<Socket>();

function answerRefusedRequest(error: NodeJS.ErrnoException, socket: Socket): void {
  // The parser reports again for every later chunk; the first answer stands.
  if (refused.has(socket)) return;
  refused.add(socket);
  // As Node's own handler: no reply when the client is gone or a response is already on the wire
  // (a malformed request pipelined behind a good one), where more bytes would corrupt it.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const appError = refusal(error);
  // The request target is unknown (or is the part that was too long): "" is the empty URI reference.
  const body = JSON.stringify(toProblem(appError, ''));
  socket.end(
    `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status] ?? 'Bad Request'}\r\n` +
      `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  // Drain instead of parsing: the rest of the request is discarded.
  socket.removeAllListeners('data');
  socket.on('data', () => {});
  socket.once('end', () => socket.destroy());
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

function refusal(error: NodeJS.ErrnoException): AppError {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return new AppError(
      'request-too-large',
      'Förfrågans adress eller huvuden är för långa. Korta sökfrågan eller använd färre filter.',
      { cause: error },
    );
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'HPE_HEADERS_TIMEOUT')
    return new AppError('request-timeout', 'Förfrågan kom inte fram i tid. Försök igen.', { cause: error });
  return new AppError('invalid-parameter', 'Förfrågan kunde inte tolkas som HTTP.', { cause: error });
}
