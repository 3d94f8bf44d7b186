export { createApp } from './app.ts';
export type { AppDeps } from './env.ts';
export { startServer } from './start.ts';
