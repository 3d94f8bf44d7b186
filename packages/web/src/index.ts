import { fileURLToPath } from 'node:url';

/**
 * Where `npm run build:web` puts the SPA, for the server to serve at `/` (with index.html as
 * the fallback for every non-/api path). Not part of the browser bundle.
 */
export const webDistDir: string = fileURLToPath(new URL('../dist', import.meta.url));
