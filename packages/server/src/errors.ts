import { AppError } from '@temops/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, details: details ?? null } };
}

/** Every failure leaves the API in one shape: `{ error: { code, message, details } }`. */
export function handleError(err: Error, c: Context) {
  if (err instanceof AppError)
    return c.json(errorBody(err.code, err.message, err.details), err.status as ContentfulStatusCode);
  if (err instanceof HTTPException) {
    // Hono's validators raise 400 for a body they cannot parse (malformed JSON): a validation failure.
    const code =
      err.status === 413 ? 'payload_too_large' : err.status === 400 ? 'validation_failed' : 'bad_request';
    return c.json(errorBody(code, err.message || 'Bad request'), err.status);
  }
  if (err instanceof SyntaxError)
    return c.json(errorBody('validation_failed', 'The request body is not valid JSON'), 400);
  console.error(err);
  return c.json(errorBody('internal', 'Internal error'), 500);
}

export function validationResponse(error: ZodError, c: Context) {
  const fields = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const summary = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ');
  return c.json(errorBody('validation_failed', summary, { fields }), 400);
}
