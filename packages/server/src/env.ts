import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Actor, Clock, Ctx, FileStore, Store } from '@temops/core';

export interface Principal {
  userId: string;
  /** present for cookie sessions; CSRF applies to them only */
  session: { id: string; csrfToken: string } | null;
  /** present for API tokens, which are bound to one tenant */
  token: { tenantId: string; ctx: Actor } | null;
}

export interface AppDeps {
  store: Store;
  clock: Clock;
  version: string;
  /** built web app to serve at `/`; omitted in API-only tests */
  webDist?: string;
  /** where imported files are kept, by content hash (default: a temporary folder) */
  files?: FileStore;
  /** scratch space for uploads in flight (default: the system's temporary folder) */
  uploadDir?: string;
  /** largest bill upload accepted, in bytes (default 2 GiB) */
  uploadLimit?: number;
  /** mark cookies Secure (behind HTTPS) */
  secureCookies?: boolean;
}

export type AppEnv = {
  Variables: {
    principal: Principal | null;
    ctx: Ctx;
    tenant: { id: string; slug: string; name: string };
  };
};

export type App = OpenAPIHono<AppEnv>;
