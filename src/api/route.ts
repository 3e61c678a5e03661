/**
 * Route registration: each route is a zod schema for its query and path
 * parameters plus a thin handler. The same definitions generate /openapi.json.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { fromZodError } from './problem.js';
import { privateAnswer } from './security.js';

export interface RouteSpec<Q extends z.ZodType, P extends z.ZodType> {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  tags: string[];
  query?: Q;
  params?: P;
  /** Admin routes require the API key. */
  admin?: boolean;
  /** Response media types other than JSON. */
  produces?: string[];
}

export const registry: RouteSpec<z.ZodType, z.ZodType>[] = [];

/** Registers a validated route; the handler gets parsed query and params. */
// biome-ignore lint/complexity/noBannedTypes: zod's own spelling of an object schema with no keys
export function route<Q extends z.ZodType = z.ZodObject<{}>, P extends z.ZodType = z.ZodObject<{}>>(
  router: Router,
  spec: RouteSpec<Q, P>,
  handler: (input: {
    query: z.output<Q>;
    params: z.output<P>;
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
    const body = await handler({ query: query.data as z.output<Q>, params: params.data as z.output<P>, req, res });
    if (body !== undefined && !res.headersSent) res.json(body);
  });
}
