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
 *
 * The other edges Node answers on its own, each now a problem+json in Swedish:
 * CONNECT (Node closes the socket without a word: 405 with Allow), an `Expect`
 * other than 100-continue (Node's bare 417), an HTTP/1.1 request without Host
 * (Node's bare 400). And a request whose method carries no body (GET, HEAD,
 * DELETE, OPTIONS) but that sends one anyway gets BODYLESS_DEADLINE_MS to finish
 * it: Node reads (and discards) such a body after the answer, so a client
 * trickling one byte at a time held its socket for the whole 300 s request
 * timeout, which uploads need.
 */
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { AppError } from '../../domain/errors.js';
import { toProblem } from './problem.js';

/** How long a refused client may go on sending before its socket is closed anyway. */
const LINGER_MS = 5_000;

/** How long a GET (HEAD, DELETE, OPTIONS) may take to send a body it should not have. */
export const BODYLESS_DEADLINE_MS = 10_000;

const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);
const ALLOW = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';

export interface ServeOptions {
  /** See {@link BODYLESS_DEADLINE_MS}; tests shorten it. */
  bodylessDeadlineMs?: number;
}

export function serve(app: Express, port: number, host: string, options: ServeOptions = {}): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    // Not app.listen: Express 5 hands a listen error (a port in use) to its callback, so the
    // service said it was listening while it was not. Node's own callback runs only on 'listening'.
    // requireHostHeader off: the missing Host is answered below, in problem+json, instead of Node's bare 400.
    const server = createServer({ requireHostHeader: false }, edges(app, options));
    server.once('error', reject);
    server.on('clientError', answerRefusedRequest);
    server.on('connect', answerConnect);
    server.on('checkExpectation', answerExpectation);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** The app behind the checks Node would otherwise answer with bare replies. */
function edges(app: Express, options: ServeOptions) {
  const deadline = options.bodylessDeadlineMs ?? BODYLESS_DEADLINE_MS;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.httpVersion === '1.1' && !req.headers.host) {
      const error = new AppError(
        'invalid-parameter',
        'Förfrågan saknar Host-huvud, som HTTP/1.1 kräver. Skicka adressens värdnamn i Host.',
        { param: 'Host' },
      );
      return sendProblem(res, error, req.url ?? '', { Connection: 'close' });
    }
    if (BODYLESS.has(req.method ?? '') && hasBody(req)) limitBody(req, res, deadline);
    app(req, res);
  };
}

const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** Past the deadline an unfinished body ends the connection, once the answer is out. */
function limitBody(req: IncomingMessage, res: ServerResponse, deadlineMs: number): void {
  const timer = setTimeout(() => {
    if (req.complete) return;
    if (res.writableFinished) {
      req.socket.destroy();
      return;
    }
    if (!res.headersSent) res.setHeader('Connection', 'close');
    res.once('finish', () => req.socket.destroy());
  }, deadlineMs);
  timer.unref();
  req.socket.once('close', () => clearTimeout(timer));
}

function sendProblem(
  res: ServerResponse,
  error: AppError,
  instance: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(toProblem(error, instance));
  res.writeHead(error.status, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** CONNECT asks for a tunnel, which this server is not: 405, and the socket closed after the answer. */
function answerConnect(req: IncomingMessage, socket: Duplex): void {
  const error = new AppError(
    'method-not-allowed',
    `Metoden CONNECT stöds inte: Protokollsök är ingen proxy. Tillåtna metoder: ${ALLOW}.`,
  );
  writeRaw(socket as Socket, error, req.url ?? '', { Allow: ALLOW });
}

/** An expectation other than 100-continue cannot be met (RFC 9110 §10.1.1): 417 in problem+json. */
function answerExpectation(req: IncomingMessage, res: ServerResponse): void {
  const error = new AppError(
    'expectation-failed',
    `Förväntan "${String(req.headers.expect ?? '').slice(0, 100)}" stöds inte; bara "Expect: 100-continue" förstås. Skicka förfrågan utan Expect-huvudet.`,
    { param: 'Expect' },
  );
  sendProblem(res, error, req.url ?? '', { Connection: 'close' });
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
  // The request target is unknown (or is the part that was too long): "" is the empty URI reference.
  writeRaw(socket, refusal(error), '');
}

/** A problem+json answer written on a socket no response object owns, then a lingering close. */
function writeRaw(socket: Socket, appError: AppError, instance: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(toProblem(appError, instance));
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status] ?? 'Bad Request'}\r\n` +
      `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`,
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
