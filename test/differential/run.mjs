// Differential test: runs every query of the corpus on sluice and on DuckDB (the oracle)
// over the same generated CSV tables and compares the results.
//
//   node run.mjs --sluice BIN --duckdb DIR [--data DIR] [--queries DIR] [--filter SUBSTR]
//                [--jobs N] [-v]
//
//   --sluice   the sluice binary (run as `sluice query --format json --threads 2 SQL`)
//   --duckdb   directory whose node_modules holds @duckdb/node-api (setup_duckdb.sh)
//   --data     directory of the CSV tables; default: a fresh temp dir filled by gen_data.mjs
//   --queries  directory of *.sql corpus files; default: queries/ next to this script
//   --filter   run only queries whose name contains SUBSTR
//   --jobs     sluice processes run at the same time (default 2)
//
// Corpus format: each *.sql file holds queries, each starting with a line `-- name: NAME`;
// other `--` lines are comments. `__DATA__` in the SQL is replaced by the data directory.
// Comparison: same column count and row count; rows compared as a multiset unless the
// query has an ORDER BY at its top level (then in order); doubles with a relative
// tolerance of 1e-9; NULL equals NULL. Prints `N passed, M failed`; exit status 1 on
// any mismatch or error, 2 on a usage/setup error.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function usage(msg) {
  console.error(`run.mjs: ${msg}`);
  process.exit(2);
}

const opts = { queries: join(here, 'queries'), jobs: 2, verbose: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
  if (a === '--sluice') opts.sluice = resolve(val());
  else if (a === '--duckdb') opts.duckdb = resolve(val());
  else if (a === '--data') opts.data = resolve(val());
  else if (a === '--queries') opts.queries = resolve(val());
  else if (a === '--filter') opts.filter = val();
  else if (a === '--jobs') opts.jobs = Math.max(1, Number(val()) || 1);
  else if (a === '-v' || a === '--verbose') opts.verbose = true;
  else usage(`unknown argument '${a}'`);
}
if (!opts.sluice) usage('--sluice BIN is required');
if (!opts.duckdb) usage('--duckdb DIR is required (see setup_duckdb.sh)');

let duckdb;
try {
  duckdb = createRequire(join(opts.duckdb, 'package.json'))('@duckdb/node-api');
} catch (e) {
  usage(`cannot load @duckdb/node-api from ${opts.duckdb}: ${e.message}`);
}

// ---- corpus -------------------------------------------------------------------------

function loadCorpus(dir) {
  const queries = [];
  const seen = new Set();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    let cur = null;
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, idx) => {
      const m = /^--\s*name:\s*(\S+)\s*$/.exec(line);
      if (m) {
        if (seen.has(m[1])) usage(`${file}:${idx + 1}: duplicate query name '${m[1]}'`);
        seen.add(m[1]);
        cur = { name: m[1], file, line: idx + 1, sql: '' };
        queries.push(cur);
      } else if (/^\s*--/.test(line) || cur === null) {
        if (cur === null && line.trim() !== '' && !/^\s*--/.test(line)) {
          usage(`${file}:${idx + 1}: SQL before the first '-- name:' line`);
        }
      } else {
        cur.sql += line + '\n';
      }
    });
  }
  for (const q of queries) {
    q.sql = q.sql.trim().replace(/;\s*$/, '');
    if (!q.sql) usage(`${q.file}:${q.line}: query '${q.name}' is empty`);
  }
  return queries;
}

// True when the query has an ORDER BY outside parentheses (its result order is defined).
function hasTopLevelOrderBy(sql) {
  let depth = 0;
  let text = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") { // skip string literal
      i++;
      while (i < sql.length && !(sql[i] === "'" && sql[i + 1] !== "'")) i += sql[i] === "'" ? 2 : 1;
      text += ' ';
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0) text += c;
    if (depth !== 0) text += ' ';
  }
  return /\border\s+by\b/i.test(text);
}

// ---- values -------------------------------------------------------------------------
// A normalized cell is null, a boolean, {num: Number, text} for numbers, or a string.

const NUMERIC = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT',
  'UINTEGER', 'UBIGINT', 'UHUGEINT', 'FLOAT', 'DOUBLE', 'DECIMAL']);

function duckCell(v, typeName) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return { num: Number(v), text: v.toString() };
  if (typeof v === 'number') {
    return { num: v, text: Number.isInteger(v) && !/DOUBLE|FLOAT/.test(typeName) ? String(v) : null };
  }
  if (typeof v === 'string') return v;
  const base = typeName.replace(/\(.*$/, '');
  if (NUMERIC.has(base)) {
    const s = v.toString();
    return { num: Number(s), text: /^-?\d+$/.test(s) ? s : null };
  }
  return v.toString();
}

// A JSON parser that keeps duplicate keys (in order) and the exact text of numbers.
function parseSluiceJson(text) {
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const fail = (what) => { throw new Error(`bad JSON from sluice at offset ${i}: ${what}`); };
  function str() {
    let s = '';
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const e = text[i + 1];
        if (e === 'u') { s += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)); i += 6; continue; }
        s += { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"' }[e] ?? fail('escape');
        i += 2;
        continue;
      }
      s += text[i++];
    }
    if (text[i] !== '"') fail('unterminated string');
    i++;
    return s;
  }
  function value() {
    ws();
    const c = text[i];
    if (c === '"') return str();
    if (c === '{') {
      i++; const row = []; ws();
      if (text[i] === '}') { i++; return row; }
      for (;;) {
        ws(); if (text[i] !== '"') fail('key'); str(); ws();
        if (text[i++] !== ':') fail('colon');
        row.push(value()); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return row; }
        fail('object');
      }
    }
    if (c === '[') {
      i++; const arr = []; ws();
      if (text[i] === ']') { i++; return arr; }
      for (;;) {
        arr.push(value()); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return arr; }
        fail('array');
      }
    }
    if (text.startsWith('null', i)) { i += 4; return null; }
    if (text.startsWith('true', i)) { i += 4; return true; }
    if (text.startsWith('false', i)) { i += 5; return false; }
    const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m) fail('value');
    i += m[0].length;
    return { num: Number(m[0]), text: /^-?\d+$/.test(m[0]) ? m[0] : null };
  }
  const v = value(); ws();
  if (i !== text.length) fail('trailing text');
  if (!Array.isArray(v)) fail('expected an array of rows');
  return v;
}

function cellsEqual(a, b) {
  if (a === null || b === null) return a === b;
  if (typeof a === 'object' && typeof b === 'object') {
    if (a.text !== null && b.text !== null) return a.text === b.text;
    if (Number.isNaN(a.num) || Number.isNaN(b.num)) return Number.isNaN(a.num) && Number.isNaN(b.num);
    if (a.num === b.num) return true;
    const diff = Math.abs(a.num - b.num);
    return diff <= 1e-9 * Math.max(Math.abs(a.num), Math.abs(b.num)) || diff < 1e-12;
  }
  return a === b;
}

function show(c) {
  if (c === null) return 'NULL';
  if (typeof c === 'object') return c.text ?? String(c.num);
  if (typeof c === 'string') return JSON.stringify(c);
  return String(c);
}

// Sort key: numbers rounded so that tolerance-equal doubles sort together.
function sortKey(row) {
  return row.map((c) => {
    if (c === null) return '\u0000';
    if (typeof c === 'object') return 'n' + (Number.isFinite(c.num) ? c.num.toPrecision(12) : String(c.num));
    return (typeof c) + ':' + String(c);
  }).join('\u0001');
}

function compare(q, duck, slu) {
  if (duck.columns !== (slu[0]?.length ?? duck.columns) && slu.length) {
    return `column count: duckdb ${duck.columns}, sluice ${slu[0].length}`;
  }
  if (duck.rows.length !== slu.length) {
    return `row count: duckdb ${duck.rows.length}, sluice ${slu.length}`;
  }
  let a = duck.rows, b = slu;
  if (!q.ordered) {
    const sorted = (rows) => rows.map((r) => [sortKey(r), r]).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map((x) => x[1]);
    a = sorted(a); b = sorted(b);
  }
  for (let r = 0; r < a.length; r++) {
    if (a[r].length !== b[r].length) return `row ${r}: column count ${a[r].length} vs ${b[r].length}`;
    for (let c = 0; c < a[r].length; c++) {
      if (!cellsEqual(a[r][c], b[r][c])) {
        return `row ${r} column ${c + 1}: duckdb ${show(a[r][c])}, sluice ${show(b[r][c])}\n` +
               `  duckdb row: ${a[r].map(show).join(' | ')}\n  sluice row: ${b[r].map(show).join(' | ')}`;
      }
    }
  }
  return null;
}

// ---- engines ------------------------------------------------------------------------

async function runDuck(con, sql) {
  const reader = await con.runAndReadAll(sql);
  const types = reader.columnTypes().map((t) => t.toString());
  const rows = reader.getRows().map((r) => r.map((v, c) => duckCell(v, types[c])));
  return { columns: types.length, rows };
}

function runSluice(sql) {
  const t0 = performance.now();
  return new Promise((res) => {
    execFile(opts.sluice, ['query', '--format', 'json', '--threads', '2', sql],
      { maxBuffer: 256 << 20, timeout: 60000 }, (err, stdout, stderr) => {
        const ms = performance.now() - t0;
        if (err) return res({ error: (stderr || err.message).trim(), ms });
        try { res({ rows: parseSluiceJson(stdout), ms }); } catch (e) { res({ error: e.message, ms }); }
      });
  });
}

// ---- main ---------------------------------------------------------------------------

let dataDir = opts.data;
let tempDir = null;
if (!dataDir) {
  tempDir = mkdtempSync(join(tmpdir(), 'sluice-difftest-'));
  dataDir = tempDir;
  await new Promise((res, rej) => execFile(process.execPath, [join(here, 'gen_data.mjs'), dataDir],
    (err, _o, stderr) => (err ? rej(new Error(`gen_data.mjs failed: ${stderr}`)) : res())));
}

let queries = loadCorpus(opts.queries);
if (opts.filter) queries = queries.filter((q) => q.name.includes(opts.filter));
for (const q of queries) {
  q.sql = q.sql.replaceAll('__DATA__', dataDir);
  q.ordered = hasTopLevelOrderBy(q.sql);
}

const inst = await duckdb.DuckDBInstance.create(':memory:', { threads: '2' });
const con = await inst.connect();

let passed = 0;
const failures = [];
const started = performance.now();
// Sluice runs as a pool of child processes while DuckDB answers in this process.
let nextIdx = 0;
const sluiceResults = new Array(queries.length);
async function worker() {
  while (nextIdx < queries.length) {
    const idx = nextIdx++;
    sluiceResults[idx] = await runSluice(queries[idx].sql);
  }
}
const pool = Promise.all(Array.from({ length: opts.jobs }, worker));
const duckResults = [];
for (const q of queries) {
  const t0 = performance.now();
  try { duckResults.push(await runDuck(con, q.sql)); } catch (e) { duckResults.push({ error: e.message }); }
  duckResults[duckResults.length - 1].ms = performance.now() - t0;
}
await pool;

queries.forEach((q, idx) => {
  const d = duckResults[idx], s = sluiceResults[idx];
  let problem = null;
  if (d.error) problem = `duckdb failed (fix the query): ${d.error}`;
  else if (s.error) problem = `sluice failed: ${s.error}`;
  else problem = compare(q, d, s.rows);
  if (problem) failures.push(`FAIL ${q.name} (${q.file}:${q.line})\n  ${problem}\n  SQL: ${q.sql.replaceAll(dataDir, '__DATA__').replace(/\s+/g, ' ')}`);
  else {
    passed++;
    if (opts.verbose) {
      console.log(`ok   ${q.name} (${d.rows.length} rows${q.ordered ? ', ordered' : ''}; ` +
                  `sluice ${s.ms.toFixed(0)} ms, duckdb ${d.ms.toFixed(0)} ms)`);
    }
  }
});
for (const f of failures) console.log(f);
const secs = ((performance.now() - started) / 1000).toFixed(1);
console.log(`${passed} passed, ${failures.length} failed (${queries.length} queries, ${secs} s)`);
if (tempDir) rmSync(tempDir, { recursive: true, force: true });
if (queries.length === 0) { console.log('no queries ran'); process.exit(1); }
process.exit(failures.length ? 1 : 0);
