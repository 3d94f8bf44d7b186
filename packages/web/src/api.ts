/** Error shape shared by every endpoint: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Validation errors keyed by the first path segment, i.e. the form field name. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const fields = (this.details as { fields?: unknown } | undefined)?.fields;
    if (!Array.isArray(fields)) return out;
    for (const f of fields as { path?: unknown; message?: unknown }[]) {
      const path = Array.isArray(f.path) ? f.path.join('.') : String(f.path ?? '');
      const key = path.split('.')[0] ?? '';
      if (key && !(key in out)) out[key] = String(f.message ?? 'invalid');
    }
    return out;
  }
}

export interface SessionTenant {
  id: string;
  slug: string;
  name: string;
  role: string;
}
export interface Session {
  user: { id: string; email: string; name: string };
  tenants: SessionTenant[];
  csrfToken: string;
}

// Kept in memory only: the session cookie is httpOnly, the CSRF token comes back with /me.
let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
/** For requests made outside `api()`, e.g. XMLHttpRequest uploads that report progress. */
export const getCsrfToken = () => csrfToken;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Raw body (e.g. CSV text, or a File) sent as-is with this content type instead of JSON. */
  raw?: { body: string | Blob; contentType: string };
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Login and the login page's own checks must see a 401 instead of being redirected. */
  allow401?: boolean;
}

export function loginUrl(): string {
  const here = window.location.pathname + window.location.search;
  return here.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | Blob | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.contentType;
    body = opts.raw.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'same-origin' });
}

async function toError(res: Response): Promise<ApiError> {
  return errorFromBody(res.status, res.statusText, await res.text().catch(() => ''));
}

/** ApiError from a failed response's status and body text (shared with XMLHttpRequest callers). */
export function errorFromBody(status: number, statusText: string, text: string): ApiError {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (error) return new ApiError(status, error.code ?? 'error', error.message ?? statusText, error.details);
  } catch {
    // not JSON: a proxy or server crash page
  }
  return new ApiError(status, 'http_error', `${status} ${statusText || 'request failed'}`.trim());
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await send(path, opts);
  if (res.status === 403 && opts.method && opts.method !== 'GET') {
    const err = await toError(res.clone());
    // A stale CSRF token (e.g. after signing in from another tab) is recoverable once.
    if (err.code === 'csrf_failed' && (await refreshCsrf())) res = await send(path, opts);
  }
  if (res.status === 401 && !opts.allow401) {
    setCsrfToken(null);
    window.location.assign(loginUrl());
    // The page is going away; never settle so callers don't flash an error meanwhile.
    return new Promise<T>(() => {});
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function refreshCsrf(): Promise<boolean> {
  const res = await fetch('/api/auth/me', { credentials: 'same-origin' });
  if (!res.ok) return false;
  const me = (await res.json()) as Session;
  setCsrfToken(me.csrfToken);
  return true;
}

export const errorMessage = (e: unknown): string =>
  e instanceof ApiError || e instanceof Error ? e.message : String(e);
