// The interop cases: files written by one engine and read by the other, every value
// compared with the expected table (table.mjs). Each case is {name, run(ctx)}; run resolves
// to null when all is well, or to a message naming what differs.
//
// ctx: {sluice: Sluice, duck: Duck, dir: a scratch directory, columns, expected (canonical
// rows), sourceSql (the table as a SELECT, for sluice), source (the DuckDB table name)}.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareRows } from './canon.mjs';
import { filePages } from './parquet_pages.mjs';
import { checkTypes } from './engines.mjs';
import { REGIONS, columnsStruct } from './table.mjs';

const lit = (path) => `'${path}'`;

function problems(...list) {
  const found = list.filter((p) => p);
  return found.length ? found.join('\n    ') : null;
}

// ---- 1. DuckDB writes Parquet, sluice reads ------------------------------------------

const DUCK_CODECS = ['snappy', 'zstd', 'gzip', 'uncompressed', 'lz4'];
const PARQUET_CODEC_NAMES = { snappy: 'SNAPPY', zstd: 'ZSTD', gzip: 'GZIP', uncompressed: 'UNCOMPRESSED', lz4: 'LZ4_RAW' };

// Checks the column chunks of `file` use `codec`, a dictionary for the low-cardinality
// string column exactly when `dictionary` is set, and for v2 the v2 encodings (DuckDB's
// PARQUET_VERSION v2 changes encodings; it still writes DATA_PAGE (v1) page headers), so
// each variant tests what its name says.
async function checkLayout(duck, file, codec, dictionary, version) {
  const meta = await duck.rows(`SELECT path_in_schema, compression, encodings, dictionary_page_offset, row_group_id FROM parquet_metadata(${lit(file)})`);
  const found = [];
  const want = PARQUET_CODEC_NAMES[codec];
  const encodings = new Map();
  for (const [column, compression, columnEncodings, dictOffset] of meta) {
    if (compression !== want) found.push(`column ${column} compressed ${compression}, expected ${want}`);
    if (column === 'region' && (dictOffset !== null || /DICTIONARY/.test(columnEncodings)) !== dictionary) {
      found.push(`column region encodings ${columnEncodings}: dictionary ${dictionary ? 'missing' : 'present'}`);
    }
    encodings.set(column, `${encodings.get(column) ?? ''} ${columnEncodings}`);
  }
  const v2 = { id: 'DELTA_BINARY_PACKED', d: 'BYTE_STREAM_SPLIT', ts: 'DELTA_BINARY_PACKED' };
  if (!dictionary) v2.s = 'DELTA_LENGTH_BYTE_ARRAY';
  for (const [column, encoding] of Object.entries(v2)) {
    if (encodings.get(column).includes(encoding) !== (version === 'v2')) {
      found.push(`column ${column} encodings${encodings.get(column)}: ${encoding} expected only with v2`);
    }
  }
  const rowGroups = new Set(meta.map((m) => m[4])).size;
  if (rowGroups < 2) found.push(`${rowGroups} row group(s), expected several`);
  return found.length ? `file layout: ${found.join('; ')}` : null;
}

function duckWritesParquet(codec, dictionary, version) {
  return {
    name: `duckdb->sluice parquet ${codec} ${dictionary ? 'dict' : 'plain'} ${version}`,
    async run(ctx) {
      const file = join(ctx.dir, `duck_${codec}_${dictionary}_${version}.parquet`);
      const options = [`FORMAT parquet`, `COMPRESSION ${codec}`, `PARQUET_VERSION ${version}`,
                       `ROW_GROUP_SIZE 2048`];
      if (!dictionary) options.push('DICTIONARY_SIZE_LIMIT 0');
      await ctx.duck.run(`COPY ${ctx.source} TO ${lit(file)} (${options.join(', ')})`);
      const layout = await checkLayout(ctx.duck, file, codec, dictionary, version);
      const from = `read_parquet(${lit(file)})`;
      const duckRows = await ctx.duck.read(from, ctx.columns);
      const sluiceRowSet = await ctx.sluice.read(from, ctx.columns);
      return problems(
        layout,
        compareRows(ctx.expected, duckRows, ctx.columns, 'duckdb reading its own file'),
        compareRows(duckRows, sluiceRowSet, ctx.columns, 'sluice vs duckdb reading the file'),
        checkTypes(await ctx.sluice.types(from), ctx.columns, 'sluice types'));
    },
  };
}

// DuckDB file -> sluice COPY to Parquet -> DuckDB: also checks the sign of zero and NaN
// payload-free equality through sluice's reader and writer without the CLI's rendering.
function duckSluiceDuckRoundTrip(version) {
  return {
    name: `duckdb->sluice->duckdb parquet round trip ${version}`,
    async run(ctx) {
      const first = join(ctx.dir, `rt_duck_${version}.parquet`);
      const second = join(ctx.dir, `rt_sluice_${version}.parquet`);
      await ctx.duck.run(`COPY ${ctx.source} TO ${lit(first)} (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION ${version})`);
      await ctx.sluice.run(`COPY (SELECT * FROM read_parquet(${lit(first)})) TO ${lit(second)} (FORMAT parquet, COMPRESSION snappy)`);
      const from = `read_parquet(${lit(second)})`;
      return problems(
        compareRows(ctx.expected, await ctx.duck.read(from, ctx.columns), ctx.columns, 'duckdb reading the rewritten file'),
        checkTypes(await ctx.duck.types(from), ctx.columns, 'duckdb types'));
    },
  };
}

// Dates and timestamps beyond years 1..9999 (far future, BC, the ends of DuckDB's range):
// DuckDB writes them, sluice reads them (printing astronomical years: 44 BC is -43) and
// writes them back; compared as day and microsecond counts.
const EXTREME_SQL = `SELECT * FROM (VALUES
  (1, DATE '20000-01-01', TIMESTAMP '290000-01-01 00:00:00'),
  (2, DATE '0044-03-15 (BC)', TIMESTAMP '0044-03-15 (BC) 12:00:00.000001'),
  (3, DATE '5881580-07-10', NULL),
  (4, DATE '5877642-06-25 (BC)', TIMESTAMP '290309-12-22 (BC) 00:00:00'),
  (5, DATE '0001-01-01 (BC)', TIMESTAMP '0001-12-31 (BC) 23:59:59.999999')) t(id, d, ts)`;

// Days since 1970-01-01 of a proleptic Gregorian date with astronomical year `y`.
function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function sluiceDateTimeCount(text) {
  const m = /^(-?\d+)-(\d\d)-(\d\d)(?: (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?)?$/.exec(text);
  if (!m) return `unparsed ${JSON.stringify(text)}`;
  const days = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  if (m[4] === undefined) return String(days);
  const micros = ((BigInt(m[4]) * 60n + BigInt(m[5])) * 60n + BigInt(m[6])) * 1000000n +
                 BigInt((m[7] ?? '').padEnd(6, '0'));
  return String(BigInt(days) * 86400000000n + micros);
}

const extremeDates = {
  name: 'duckdb->sluice->duckdb parquet dates and timestamps beyond years 1..9999',
  async run(ctx) {
    const file = join(ctx.dir, 'extreme_duck.parquet');
    const back = join(ctx.dir, 'extreme_sluice.parquet');
    await ctx.duck.run(`COPY (${EXTREME_SQL}) TO ${lit(file)} (FORMAT parquet)`);
    const counts = async (from) => (await ctx.duck.rows(`SELECT id, d, ts FROM ${from} ORDER BY id`))
      .map(([id, d, ts]) => [String(id), d === null ? null : String(d.days), ts === null ? null : String(ts.micros)]);
    const expected = await counts(`read_parquet(${lit(file)})`);
    const columns = [{ name: 'id', type: 'INTEGER' }, { name: 'd', type: 'DATE' }, { name: 'ts', type: 'TIMESTAMP' }];
    const printed = (await ctx.sluice.read(`read_parquet(${lit(file)})`, columns))
      .map(([id, d, ts]) => [id, d === null ? null : sluiceDateTimeCount(d), ts === null ? null : sluiceDateTimeCount(ts)]);
    await ctx.sluice.run(`COPY (SELECT * FROM read_parquet(${lit(file)})) TO ${lit(back)} (FORMAT parquet)`);
    const counted = [{ name: 'id', type: 'INTEGER' }, { name: 'days', type: 'BIGINT' }, { name: 'micros', type: 'BIGINT' }];
    return problems(
      expected.length !== 5 ? `duckdb wrote ${expected.length} rows, expected 5` : null,
      compareRows(expected, printed, counted, 'sluice reading the file'),
      compareRows(expected, await counts(`read_parquet(${lit(back)})`), counted, 'duckdb reading sluice\'s copy'));
  },
};

// ---- 2. sluice writes Parquet, DuckDB reads ------------------------------------------

function sluiceWritesParquet(codec, rowGroupSize) {
  const suffix = rowGroupSize ? ` row_group_size ${rowGroupSize}` : '';
  return {
    name: `sluice->duckdb parquet ${codec}${suffix}`,
    async run(ctx) {
      const file = join(ctx.dir, `sluice_${codec}_${rowGroupSize ?? 0}.parquet`);
      const options = [`FORMAT parquet`, `COMPRESSION ${codec}`];
      if (rowGroupSize) options.push(`ROW_GROUP_SIZE ${rowGroupSize}`);
      await ctx.sluice.run(`COPY (${ctx.sourceSql}) TO ${lit(file)} (${options.join(', ')})`);
      const meta = await ctx.duck.rows(`SELECT DISTINCT compression FROM parquet_metadata(${lit(file)})`);
      const groups = await ctx.duck.rows(`SELECT num_row_groups FROM parquet_file_metadata(${lit(file)})`);
      const wantGroups = rowGroupSize ? Math.ceil(ctx.expected.length / rowGroupSize) : null;
      const from = `read_parquet(${lit(file)})`;
      return problems(
        meta.length !== 1 || meta[0][0] !== PARQUET_CODEC_NAMES[codec]
          ? `file layout: compression ${meta.map((m) => m[0]).join(', ')}, expected ${PARQUET_CODEC_NAMES[codec]}` : null,
        wantGroups && Number(groups[0][0]) !== wantGroups
          ? `file layout: ${groups[0][0]} row groups, expected ${wantGroups}` : null,
        compareRows(ctx.expected, await ctx.duck.read(from, ctx.columns), ctx.columns, 'duckdb reading the sluice file'),
        checkTypes(await ctx.duck.types(from), ctx.columns, 'duckdb types'),
        compareRows(ctx.expected, await ctx.sluice.read(from, ctx.columns), ctx.columns, 'sluice reading its own file'));
    },
  };
}

// ---- 2b. Large column chunks: several data pages ------------------------------------

// 300k rows generated by DuckDB: a low-cardinality string (dictionary), a unique string
// column too large for a dictionary, sparse NULLs; sluice's ~1 MB pages split the unique
// string column into several data pages (DuckDB writes one page per chunk).
const BIG_ROWS = 300000;
const BIG_COLUMNS = [
  { name: 'id', type: 'BIGINT' },
  { name: 'k', type: 'VARCHAR' },
  { name: 'u', type: 'VARCHAR' },
  { name: 'd', type: 'DOUBLE' },
  { name: 't', type: 'TIMESTAMP' },
  { name: 'n', type: 'INTEGER' },
];
const BIG_SQL = `SELECT range AS id, 'k' || (range * 7 % 1000) AS k,
  'u' || range || repeat('z', (range % 40)::INTEGER) AS u,
  CASE WHEN range % 17 <> 0 THEN range / 7.0 END AS d,
  TIMESTAMP '1960-01-01 00:00:00' + to_microseconds(range * 1234567891) AS t,
  CASE WHEN range % 3 <> 0 THEN (range % 100)::INTEGER END AS n
  FROM range(${BIG_ROWS})`;

// Creates the table once (the cases run concurrently) and resolves to its rows.
let bigRows = null;
function bigTable(ctx) {
  bigRows ??= ctx.duck.run(`CREATE TABLE big AS ${BIG_SQL}`).then(() => ctx.duck.read('big', BIG_COLUMNS));
  return bigRows;
}

const sluiceWritesBig = {
  name: `sluice->duckdb parquet ${BIG_ROWS} rows, multi-page chunks`,
  async run(ctx) {
    const expected = await bigTable(ctx);
    const csv = join(ctx.dir, 'big_duck.csv');
    const file = join(ctx.dir, 'big_sluice.parquet');
    await ctx.duck.run(`COPY big TO ${lit(csv)} (FORMAT csv, HEADER)`);
    const struct = `{${BIG_COLUMNS.map((c) => `'${c.name}': '${c.type}'`).join(', ')}}`;
    await ctx.sluice.run(`COPY (SELECT * FROM read_csv(${lit(csv)}, header=true, columns=${struct})) TO ${lit(file)} (FORMAT parquet, COMPRESSION zstd)`);
    const chunks = await filePages(ctx.duck, file);
    const multiPage = chunks.filter((c) => c.pages.filter((p) => p.startsWith('DATA_PAGE')).length > 1).map((c) => c.column);
    return problems(
      multiPage.includes('u') ? null : `file layout: column u is not split into several data pages (multi-page: ${multiPage.join(', ') || 'none'})`,
      compareRows(expected, await ctx.duck.read(`read_parquet(${lit(file)})`, BIG_COLUMNS), BIG_COLUMNS, 'duckdb reading the sluice file'));
  },
};

const duckWritesBig = {
  name: `duckdb->sluice parquet ${BIG_ROWS} rows`,
  async run(ctx) {
    const expected = await bigTable(ctx);
    const file = join(ctx.dir, 'big_duck.parquet');
    await ctx.duck.run(`COPY big TO ${lit(file)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 100000)`);
    return compareRows(expected, await ctx.sluice.read(`read_parquet(${lit(file)})`, BIG_COLUMNS), BIG_COLUMNS, 'sluice reading the file');
  },
};

// ---- 3. Hive-partitioned Parquet -----------------------------------------------------

function listPartitions(dir) {
  return readdirSync(dir).filter((d) => d.includes('=')).sort();
}

const sluiceWritesPartitions = {
  name: 'sluice->duckdb parquet PARTITION_BY (region)',
  async run(ctx) {
    const dir = join(ctx.dir, 'sluice_parts');
    await ctx.sluice.run(`COPY (${ctx.sourceSql}) TO ${lit(dir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (region))`);
    const parts = listPartitions(dir);
    const wantParts = REGIONS.map((r) => `region=${r}`).sort();
    const from = `read_parquet(${lit(join(dir, '**', '*.parquet'))}, hive_partitioning=true)`;
    return problems(
      parts.join(',') !== wantParts.join(',') ? `directories ${parts.join(', ')}, expected ${wantParts.join(', ')}` : null,
      compareRows(ctx.expected, await ctx.duck.read(from, ctx.columns), ctx.columns, 'duckdb reading the partitions'),
      checkTypes(await ctx.duck.types(from), ctx.columns, 'duckdb types'));
  },
};

const duckWritesPartitions = {
  name: 'duckdb->sluice parquet PARTITION_BY (region)',
  async run(ctx) {
    const dir = join(ctx.dir, 'duck_parts');
    await ctx.duck.run(`COPY ${ctx.source} TO ${lit(dir)} (FORMAT parquet, PARTITION_BY (region))`);
    const from = `read_parquet(${lit(join(dir, '**', '*.parquet'))}, hive_partitioning=true)`;
    return problems(
      compareRows(ctx.expected, await ctx.sluice.read(from, ctx.columns), ctx.columns, 'sluice reading the partitions'),
      checkTypes(await ctx.sluice.types(from), ctx.columns, 'sluice types'));
  },
};

// Two partition keys, one with characters that must be escaped in paths and NULLs (the
// Hive default partition), the other an INTEGER with NULLs (read back as BIGINT, the type
// both engines infer from the path text).
const PART_EXPR = `CASE id % 4 WHEN 0 THEN 'a b/c=d' WHEN 1 THEN 'ü%,"x"' WHEN 2 THEN NULL ELSE 'plain' END`;
const PART_VALUES = ['a b/c=d', 'ü%,"x"', null, 'plain'];

function partitionedByTwoKeys(writer) {
  return {
    name: `${writer === 'sluice' ? 'sluice->duckdb' : 'duckdb->sluice'} parquet PARTITION_BY (part, code) with escapes and NULLs`,
    async run(ctx) {
      const dir = join(ctx.dir, `${writer}_parts2`);
      const columns = [...ctx.columns, { name: 'part', type: 'VARCHAR' }];
      const expected = ctx.expected.map((row) => [...row, PART_VALUES[Number(row[0]) % 4]]);
      const options = `(FORMAT parquet, PARTITION_BY (part, code))`;
      if (writer === 'sluice') {
        await ctx.sluice.run(`COPY (SELECT *, ${PART_EXPR} AS part FROM (${ctx.sourceSql}) AS src) TO ${lit(dir)} ${options}`);
      } else {
        await ctx.duck.run(`COPY (SELECT *, ${PART_EXPR} AS part FROM ${ctx.source}) TO ${lit(dir)} ${options}`);
      }
      const from = `read_parquet(${lit(join(dir, '**', '*.parquet'))}, hive_partitioning=true)`;
      const reader = writer === 'sluice' ? ctx.duck : ctx.sluice;
      const typesOf = async (engine) => {
        const types = await engine.types(from);
        return ['part', 'code'].map((k) => `${k} ${types.get(k)}`).join(', ');
      };
      const [duckKeys, sluiceKeys] = [await typesOf(ctx.duck), await typesOf(ctx.sluice)];
      return problems(
        compareRows(expected, await reader.read(from, columns), columns, `${writer === 'sluice' ? 'duckdb' : 'sluice'} reading the partitions`),
        duckKeys !== sluiceKeys ? `partition key types: duckdb ${duckKeys}, sluice ${sluiceKeys}` : null,
        checkTypes(await reader.types(from), ctx.columns.filter((c) => c.name !== 'code'), 'reader types'));
    },
  };
}

// ---- 3b. Filtered reads: row-group statistics written by one engine, used by the other --

const PREDICATES = [
  'id >= 2100 AND id < 2300',
  'i BETWEEN -1000 AND 1000 OR i = 2147483647',
  'bi < -4000000000000000000 OR bi = 9223372036854775807',
  'd BETWEEN -10 AND 10',
  "s = 'str7' OR s = ''",
  "s > 'x'",
  "dt < DATE '1900-01-01' OR dt = DATE '9999-12-31'",
  "ts >= TIMESTAMP '2100-01-01 00:00:00'",
  "ts < TIMESTAMP '1970-01-01 00:00:00' AND ts > TIMESTAMP '1969-12-31 23:59:59'",
  "region = 'east' AND code IS NULL",
  'null_bi IS NOT NULL',
  "flag AND alt = 'v1' AND b",
];

// Rows of the source table matching each predicate, as DuckDB sees them (cached per run).
async function expectedFiltered(ctx, pred) {
  ctx.filtered ??= new Map();
  if (!ctx.filtered.has(pred)) {
    ctx.filtered.set(pred, await ctx.duck.read(`${ctx.source} WHERE ${pred}`, ctx.columns));
  }
  return ctx.filtered.get(pred);
}

function filteredReads(writer, options) {
  return {
    name: `${writer === 'sluice' ? 'sluice->duckdb' : 'duckdb->sluice'} parquet filtered reads (${options})`,
    async run(ctx) {
      const file = join(ctx.dir, `${writer}_filtered_${options.replace(/\W+/g, '_')}.parquet`);
      if (writer === 'sluice') await ctx.sluice.run(`COPY (${ctx.sourceSql}) TO ${lit(file)} (FORMAT parquet, ${options})`);
      else await ctx.duck.run(`COPY ${ctx.source} TO ${lit(file)} (FORMAT parquet, ${options})`);
      const reader = writer === 'sluice' ? ctx.duck : ctx.sluice;
      const found = [];
      for (const pred of PREDICATES) {
        const expected = await expectedFiltered(ctx, pred);
        const actual = await reader.read(`read_parquet(${lit(file)}) WHERE ${pred}`, ctx.columns);
        found.push(compareRows(expected, actual, ctx.columns, `WHERE ${pred}`));
      }
      return problems(...found);
    },
  };
}

// ---- 4. JSON lines and CSV -----------------------------------------------------------

// `expected` with every DOUBLE cell passed through `fn` (canonical text -> canonical text).
function mapDoubles(ctx, fn) {
  return ctx.expected.map((row) => row.map((cell, c) => (ctx.columns[c].type === 'DOUBLE' && cell !== null ? fn(cell) : cell)));
}
const isNonFinite = (cell) => cell === 'nan' || cell === 'inf' || cell === '-inf';

// DuckDB writes NaN and infinities into JSON as the bare tokens NaN/Infinity/-Infinity,
// which are not JSON and which sluice's read_json rejects (the whole file fails to read),
// so the DuckDB side writes them as null here.
const duckWritesJson = {
  name: 'duckdb->sluice json lines',
  async run(ctx) {
    const file = join(ctx.dir, 'duck.json');
    const finite = ctx.columns.filter((c) => c.type === 'DOUBLE')
      .map((c) => `CASE WHEN isfinite(${c.name}) THEN ${c.name} END AS ${c.name}`);
    await ctx.duck.run(`COPY (SELECT * REPLACE (${finite.join(', ')}) FROM ${ctx.source}) TO ${lit(file)} (FORMAT json)`);
    const expected = mapDoubles(ctx, (cell) => (isNonFinite(cell) ? null : cell));
    const from = `read_json(${lit(file)}, format='newline_delimited', columns=${columnsStruct()})`;
    return compareRows(expected, await ctx.sluice.read(from, ctx.columns), ctx.columns, 'sluice reading the JSON');
  },
};

// sluice's JSON writer writes NaN and infinities as null by design (json_writer.h).
const sluiceWritesJson = {
  name: 'sluice->duckdb json lines',
  async run(ctx) {
    const file = join(ctx.dir, 'sluice.json');
    await ctx.sluice.run(`COPY (${ctx.sourceSql}) TO ${lit(file)} (FORMAT json)`);
    const expected = mapDoubles(ctx, (cell) => (isNonFinite(cell) ? null : cell));
    const from = `read_json(${lit(file)}, format='newline_delimited', columns=${columnsStruct()})`;
    return compareRows(expected, await ctx.duck.read(from, ctx.columns), ctx.columns, 'duckdb reading the JSON');
  },
};

const duckWritesCsv = {
  name: 'duckdb->sluice csv (HEADER)',
  async run(ctx) {
    const file = join(ctx.dir, 'duck.csv');
    await ctx.duck.run(`COPY ${ctx.source} TO ${lit(file)} (FORMAT csv, HEADER)`);
    const from = `read_csv(${lit(file)}, header=true, columns=${columnsStruct()})`;
    return compareRows(ctx.expected, await ctx.sluice.read(from, ctx.columns), ctx.columns, 'sluice reading the CSV');
  },
};

const sluiceWritesCsv = {
  name: 'sluice->duckdb csv (HEADER)',
  async run(ctx) {
    const file = join(ctx.dir, 'sluice.csv');
    await ctx.sluice.run(`COPY (${ctx.sourceSql}) TO ${lit(file)} (FORMAT csv, HEADER true)`);
    // DuckDB reads a quoted "" as NULL unless told not to; sluice writes '' as "".
    const from = `read_csv(${lit(file)}, header=true, allow_quoted_nulls=false, columns=${columnsStruct()})`;
    const expected = ctx.expected;
    return compareRows(expected, await ctx.duck.read(from, ctx.columns), ctx.columns, 'duckdb reading the CSV');
  },
};

// Without a columns= option: both engines must infer the same types for the same file
// (integers widen to BIGINT, all-NULL columns become VARCHAR), and the values still match.
function csvAutoDetect(writer) {
  return {
    name: `${writer === 'sluice' ? 'sluice->duckdb' : 'duckdb->sluice'} csv auto-detected types`,
    async run(ctx) {
      const file = join(ctx.dir, `${writer}_auto.csv`);
      if (writer === 'sluice') await ctx.sluice.run(`COPY (${ctx.sourceSql}) TO ${lit(file)} (FORMAT csv, HEADER true)`);
      else await ctx.duck.run(`COPY ${ctx.source} TO ${lit(file)} (FORMAT csv, HEADER)`);
      const duckTypes = await ctx.duck.types(`read_csv(${lit(file)}, allow_quoted_nulls=false)`);
      const sluiceTypes = await ctx.sluice.types(`read_csv(${lit(file)})`);
      const show = (types) => [...types].map(([k, v]) => `${k} ${v}`).join(', ');
      if (show(duckTypes) !== show(sluiceTypes)) return `inferred types differ:\n    duckdb ${show(duckTypes)}\n    sluice ${show(sluiceTypes)}`;
      const columns = ctx.columns.map((c) => ({ name: c.name, type: sluiceTypes.get(c.name) }));
      const expected = ctx.expected;
      const actual = writer === 'sluice'
        ? await ctx.duck.read(`read_csv(${lit(file)}, allow_quoted_nulls=false)`, columns)
        : await ctx.sluice.read(`read_csv(${lit(file)})`, columns);
      return compareRows(expected, actual, columns, `${writer === 'sluice' ? 'duckdb' : 'sluice'} reading the CSV`);
    },
  };
}

// ---- the list ------------------------------------------------------------------------

const sourceTables = [
  {
    name: 'source table built by duckdb',
    async run(ctx) {
      return compareRows(ctx.expected, await ctx.duck.read(ctx.source, ctx.columns), ctx.columns, 'duckdb source');
    },
  },
  {
    name: 'source table built by sluice',
    async run(ctx) {
      return compareRows(ctx.expected, await ctx.sluice.read(`(${ctx.sourceSql}) AS src`, ctx.columns), ctx.columns, 'sluice source');
    },
  },
];

export function allCases() {
  const cases = [...sourceTables];
  for (const version of ['v1', 'v2']) {
    for (const codec of DUCK_CODECS) {
      for (const dictionary of [true, false]) cases.push(duckWritesParquet(codec, dictionary, version));
    }
    cases.push(duckSluiceDuckRoundTrip(version));
  }
  cases.push(extremeDates);
  for (const codec of ['snappy', 'zstd', 'gzip', 'uncompressed', 'lz4']) cases.push(sluiceWritesParquet(codec));
  cases.push(sluiceWritesParquet('zstd', 1000));
  cases.push(sluiceWritesBig, duckWritesBig);
  cases.push(sluiceWritesPartitions, duckWritesPartitions);
  cases.push(partitionedByTwoKeys('sluice'), partitionedByTwoKeys('duckdb'));
  cases.push(filteredReads('duckdb', 'ROW_GROUP_SIZE 1024, PARQUET_VERSION v1'),
             filteredReads('duckdb', 'ROW_GROUP_SIZE 1024, PARQUET_VERSION v2, DICTIONARY_SIZE_LIMIT 0'),
             filteredReads('sluice', 'ROW_GROUP_SIZE 700'));
  cases.push(duckWritesJson, sluiceWritesJson, duckWritesCsv, sluiceWritesCsv);
  cases.push(csvAutoDetect('duckdb'), csvAutoDetect('sluice'));
  return cases;
}
