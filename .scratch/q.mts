import pgm from 'pg';
import { readFileSync } from 'node:fs';
const url = readFileSync('.scratch/pgurl','utf8').replace(/\/postgres$/, '/kbdbg');
const c = new pgm.Client({ connectionString: url }); await c.connect();
for (const sql of process.argv.slice(2)) console.log(JSON.stringify((await c.query(sql)).rows));
await c.end();
