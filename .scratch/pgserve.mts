import { startPostgres } from '../test/support/postgres-server.ts';
import { writeFileSync, rmSync } from 'node:fs';
const s = await startPostgres();
writeFileSync('.scratch/pgurl', s.url);
console.log(s.url);
process.on('SIGTERM', () => { rmSync('.scratch/pgurl', { force: true }); s.stop(); process.exit(0); });
setInterval(() => {}, 1e9);
