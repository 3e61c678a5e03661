/**
 * Route registration: each route is a zod schema for its query and path
 * parameters plus a thin handler. The same definitions generate /openapi.json.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { fromZodError } from './problem.js';
import { privateAnswer } from './security.js';

export interface RouteSpec<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tags: string[];
  query?: Q;
  params?: P;
  /** A JSON request body (parsed by express.json() in `before`), validated like the query. */
  body?: B;
  /** Admin routes require the API key. */
  admin?: boolean;
  /** Response media types other than JSON. */
  produces?: string[];
}

export const registry: RouteSpec<z.ZodType, z.ZodType>[] = [];

/** Registers a validated route; the handler gets parsed query and params. */
export function route<
  // biome-ignore lint/complexity/noBannedTypes: zod's own spelling of an object schema with no keys
  Q extends z.ZodType = z.ZodObject<{}>,
  // biome-ignore lint/complexity/noBannedTypes: zod's own spelling of an object schema with no keys
  P extends z.ZodType = z.ZodObject<{}>,
  B extends z.ZodType = z.ZodUnknown,
>(
  router: Router,
  spec: RouteSpec<Q, P, B>,
  handler: (input: {
    query: z.output<Q>;
    params: z.output<P>;
    body: z.output<B>;
    req: Request;
    res: Response;
  }) => Promise<unknown> | unknown,
  ...before: RequestHandler[]
): void {
  if (!registry.some((r) => r.method === spec.method && r.path === spec.path))
    registry.push(spec as unknown as RouteSpec<z.ZodType, z.ZodType>);
  const expressPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
  // An admin answer depends on the Authorization header (set before the key check, so a 401 says it too).
  const first = spec.admin ? [privateAnswer, ...before] : before;
  router[spec.method](expressPath, ...first, async (req: Request, res: Response) => {
    const query = spec.query ? spec.query.safeParse(req.query) : { success: true as const, data: {} };
    if (!query.success) throw fromZodError(query.error);
    const params = spec.params ? spec.params.safeParse(req.params) : { success: true as const, data: {} };
    if (!params.success) throw fromZodError(params.error);
    const input = spec.body ? spec.body.safeParse(req.body ?? {}) : { success: true as const, data: undefined };
    if (!input.success) throw fromZodError(input.error);
    const answer = await handler({
      query: query.data as z.output<Q>,
      params: params.data as z.output<P>,
      body: input.data as z.output<B>,
      req,
      res,
    });
    if (answer !== undefined && !res.headersSent) sendJson(res, answer);
  });
}

/**
 * An answer as JSON, written as one string: Express's `res.json` copies a body of 1,000 bytes or more
 * into a Buffer and hands the socket the headers and that Buffer as two chunks (a search page is
 * ~30 kB); Node joins headers and a string body into one write itself. A HEAD request gets the
 * headers only (Node drops the body).
 */
function sendJson(res: Response, answer: unknown): void {
  const body = JSON.stringify(answer);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
