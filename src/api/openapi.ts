/** /openapi.json, generated from the routes' zod schemas (never written by hand). */
import { z } from 'zod';
import { registry } from './route.js';

interface Parameter {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  description?: string;
  schema: unknown;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): Parameter[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
    allOf?: { properties?: Record<string, { description?: string }>; required?: string[] }[];
  };
  const parts = json.allOf ?? [json];
  return parts.flatMap((part) =>
    Object.entries(part.properties ?? {}).map(([name, prop]) => ({
      name,
      in: where,
      required: where === 'path' || (part.required ?? []).includes(name),
      ...(prop.description ? { description: prop.description } : {}),
      schema: prop,
    })),
  );
}

const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of registry) {
    const byMethod = paths[r.path] ?? {};
    paths[r.path] = byMethod;
    byMethod[r.method] = {
      summary: r.summary,
      tags: r.tags,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) },
              },
            },
          }
        : {}),
      ...(r.admin ? { security: [{ adminKey: [] }] } : {}),
      responses: {
        200: {
          description: 'OK',
          content: Object.fromEntries((r.produces ?? ['application/json']).map((t) => [t, {}])),
        },
        400: problem,
        ...(r.admin ? { 401: problem, 403: problem } : {}),
        404: problem,
        429: problem,
        503: problem,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Protokollsök API',
      version: '1.0.0',
      description:
        'Search and analytics over the meeting protocols of Region Örebro län’s health and social-care collaboration.',
    },
    paths,
    components: {
      securitySchemes: { adminKey: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_KEY' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'instance'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            param: { type: 'string' },
          },
        },
      },
    },
  };
}
