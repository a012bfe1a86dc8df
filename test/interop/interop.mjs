// Interop test: Parquet (every codec, with and without dictionaries, data pages v1 and v2,
// Hive partitions), JSON lines and CSV written by sluice and read by DuckDB, and written by
// DuckDB and read by sluice; every value of a table of all lake types, edge values and
// NULL patterns (table.mjs) is compared.
//
//   node interop.mjs --sluice BIN --duckdb DIR [--rows N] [--filter SUBSTR] [--keep] [-v]
//
//   --sluice  the sluice binary
//   --duckdb  directory whose node_modules holds @duckdb/node-api (test/differential/setup_duckdb.sh)
//   --rows    rows in the test table (default 5000; at least 100)
//   --filter  run only cases whose name contains SUBSTR
//   --keep    keep the scratch directory (printed) for inspection
//
// Prints one line per failing case (with what differs) and `N passed, M failed`; exit
// status 1 on any failure, 2 on a usage or setup error (never passes without DuckDB).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { allCases } from './cases.mjs';
import { Duck, Sluice } from './engines.mjs';
import { COLUMNS, makeRows, tableSql } from './table.mjs';

function usage(msg) {
  console.error(`interop.mjs: ${msg}`);
  process.exit(2);
}

const opts = { rows: 5000, verbose: false, keep: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
  if (a === '--sluice') opts.sluice = resolve(val());
  else if (a === '--duckdb') opts.duckdb = resolve(val());
  else if (a === '--rows') opts.rows = Number(val());
  else if (a === '--filter') opts.filter = val();
  else if (a === '--keep') opts.keep = true;
  else if (a === '-v' || a === '--verbose') opts.verbose = true;
  else usage(`unknown argument '${a}'`);
}
if (!opts.sluice) usage('--sluice BIN is required');
if (!opts.duckdb) usage('--duckdb DIR is required (see test/differential/setup_duckdb.sh)');
if (!Number.isInteger(opts.rows) || opts.rows < 100) usage('--rows must be an integer >= 100');

let duckdb;
try {
  duckdb = createRequire(join(opts.duckdb, 'package.json'))('@duckdb/node-api');
} catch (e) {
  usage(`cannot load @duckdb/node-api from ${opts.duckdb}: ${e.message}`);
}

const dir = mkdtempSync(join(tmpdir(), 'sluice-interop-'));
process.on('exit', () => {
  if (opts.keep) console.log(`scratch directory kept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});
const rows = makeRows(opts.rows);
const sourceSql = tableSql(rows);
const instance = await duckdb.DuckDBInstance.create(':memory:', { threads: '2' });
const setup = new Duck(await instance.connect());
await setup.run(`CREATE TABLE src AS ${sourceSql}`);

let cases = allCases();
if (opts.filter) cases = cases.filter((c) => c.name.includes(opts.filter));
const sluice = new Sluice(opts.sluice, dir);

const started = performance.now();
const results = new Array(cases.length);
let next = 0;
// Two workers, each with its own DuckDB connection; sluice runs as child processes.
async function worker() {
  const duck = new Duck(await instance.connect());
  while (next < cases.length) {
    const idx = next++;
    const ctx = { sluice, duck, dir, columns: COLUMNS, expected: rows, sourceSql, source: 'src' };
    const t0 = performance.now();
    try {
      results[idx] = { problem: await cases[idx].run(ctx) };
    } catch (e) {
      results[idx] = { problem: e.message };
    }
    results[idx].ms = performance.now() - t0;
  }
}
await Promise.all([worker(), worker()]);

let passed = 0;
let failed = 0;
cases.forEach((c, idx) => {
  const { problem, ms } = results[idx];
  if (problem) {
    failed++;
    console.log(`FAIL ${c.name}\n    ${problem}`);
  } else {
    passed++;
    if (opts.verbose) console.log(`ok   ${c.name} (${ms.toFixed(0)} ms)`);
  }
});
const secs = ((performance.now() - started) / 1000).toFixed(1);
console.log(`(${cases.length} cases, ${rows.length} rows, ${secs} s)`);
if (cases.length === 0) console.log('no cases ran');
console.log(`${passed} passed, ${failed} failed`);
if (cases.length === 0) process.exit(1);
process.exit(failed ? 1 : 0);
