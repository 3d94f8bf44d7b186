/**
 * The API server under test, in its own process so that autocannon (in the parent) and the server
 * each have a core. Opens the store named by argv[2], listens on a free port and prints it.
 */
import { openStore, systemClock } from '@temops/core';
import { startServer } from '@temops/server';

const store = openStore(process.argv[2]!);
const server = await startServer({ store, clock: systemClock, version: 'bench' }, 0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', async () => {
  await server.close();
  await store.close();
  process.exit(0);
});
