// The interop test table: one row set covering every type sluice's lake formats carry
// (BOOLEAN, INTEGER, BIGINT, DOUBLE, VARCHAR, DATE, TIMESTAMP), their edge values, and NULL
// patterns (all NULL, no NULL, alternating, sparse). Both engines build it from the same
// SQL (string literals cast per column), so the expected values are known exactly.
//
// A cell is held in canonical text form, the form every reader's output is normalized to
// before comparison (see canon.mjs): null for NULL; 'true'/'false'; integers in decimal;
// doubles as 'nan', 'inf', '-inf', '-0' or JavaScript's shortest round-trip text; dates as
// YYYY-MM-DD; timestamps as YYYY-MM-DD HH:MM:SS.ffffff (always six fraction digits);
// strings as they are.

export const COLUMNS = [
  { name: 'id', type: 'INTEGER' },       // key: 0..n-1, never NULL
  { name: 'b', type: 'BOOLEAN' },        // sparse NULLs
  { name: 'i', type: 'INTEGER' },        // limits, sparse NULLs
  { name: 'bi', type: 'BIGINT' },        // limits, sparse NULLs
  { name: 'd', type: 'DOUBLE' },         // NaN, infinities, -0.0, extremes, sparse NULLs
  { name: 's', type: 'VARCHAR' },        // empty, unicode, > 1 KB, quotes/newlines, NULLs
  { name: 'dt', type: 'DATE' },          // before 1970, far future, NULLs
  { name: 'ts', type: 'TIMESTAMP' },     // microseconds, before 1970, far future, NULLs
  { name: 'region', type: 'VARCHAR' },   // low cardinality, never NULL (partition key)
  { name: 'code', type: 'INTEGER' },     // low cardinality, alternating NULLs
  { name: 'flag', type: 'BOOLEAN' },     // never NULL
  { name: 'no_null', type: 'DOUBLE' },   // never NULL
  { name: 'alt', type: 'VARCHAR' },      // alternating NULLs
  { name: 'null_bi', type: 'BIGINT' },   // all NULL
  { name: 'null_s', type: 'VARCHAR' },   // all NULL
  { name: 'null_ts', type: 'TIMESTAMP' }, // all NULL
];

export const REGIONS = ['north', 'south', 'east', 'west', 'central'];

// ---- canonical text of generated values ---------------------------------------------

export function canonDouble(x) {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

const MICROS_PER_DAY = 86400000000n;

export function dateText(days) {
  const d = new Date(Number(days) * 86400000);
  return d.toISOString().slice(0, 10);
}

export function timestampText(micros) {
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) { rest += MICROS_PER_DAY; days -= 1n; }
  const secs = rest / 1000000n;
  const frac = rest % 1000000n;
  const two = (v) => String(v).padStart(2, '0');
  return `${dateText(days)} ${two(secs / 3600n)}:${two((secs / 60n) % 60n)}:${two(secs % 60n)}.` +
         String(frac).padStart(6, '0');
}

// ---- the rows -----------------------------------------------------------------------

const SPECIAL = {
  b: ['true', 'false', null, 'true'],
  i: ['-2147483648', '2147483647', '0', '-1', '1', null],
  bi: ['-9223372036854775808', '9223372036854775807', '0', '-1', '9007199254740993',
       '-9007199254740993', null],
  d: ['nan', 'inf', '-inf', '-0', '0', '1.7976931348623157e+308', '-1.7976931348623157e+308',
      '5e-324', '2.2250738585072014e-308', '0.1', '-1.5', '1e-300', '123456789.125', null,
      '1e+21', '3'],
  s: ['', 'café ü ß Ωmega', '中文字符 日本語', '😀 emoji 🎉 surrogate pairs', 'x'.repeat(1500),
      'quote " double and \'single\'', 'line1\nline2\r\nline3', 'comma, separated; semi',
      'tab\tback\\slash', '  leading and trailing  ', 'NULL', 'null', '"', '\\N',
      ('unicode ✓ ' + 'ça va? ').repeat(90), null, '{"json": [1, 2]}', ' '],
  dt: ['1970-01-01', '1969-12-31', '1900-01-01', '0001-01-01', '9999-12-31', '2000-02-29',
       '1582-10-04', '1582-10-15', '2262-04-12', null, '1677-09-21'],
  ts: ['1970-01-01 00:00:00.000000', '1969-12-31 23:59:59.999999', '1900-01-01 00:00:00.000001',
       '0001-01-01 00:00:00.000000', '9999-12-31 23:59:59.999999', '1677-09-21 00:12:43.145224',
       '2262-04-11 23:47:16.854776', '2024-02-29 12:34:56.789000', null,
       '1969-12-31 23:59:59.000000', '1960-06-15 08:30:00.500000'],
};
const SPECIAL_ROWS = 24; // rows below this take SPECIAL values (cycled) and no pattern NULLs

// Deterministic pseudo-random integers (xorshift), so rows vary without a seed file.
function* numbers(seed) {
  let x = seed >>> 0;
  for (;;) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    yield x;
  }
}

// Returns `n` rows (arrays of canonical cells in COLUMNS order).
export function makeRows(n) {
  const rnd = numbers(20240611);
  const next = () => rnd.next().value;
  const rows = [];
  for (let r = 0; r < n; r++) {
    const special = r < SPECIAL_ROWS;
    const pick = (col) => SPECIAL[col][r % SPECIAL[col].length];
    const nullIf = (cond, v) => (!special && cond ? null : v);
    const dval = ((next() % 2000001) - 1000000) / 64 + (next() % 1000) * 1e-7;
    const days = (next() % 120000) - 60000; // ~1805..2134
    const micros = BigInt(next() % 4000000000) * 1000000n + BigInt(next() % 1000000) -
                   2000000000000000n;
    rows.push([
      String(r),
      special ? pick('b') : nullIf(r % 7 === 3, next() % 2 ? 'true' : 'false'),
      special ? pick('i') : nullIf(r % 11 === 5, String((next() % 2000001) - 1000000)),
      special ? pick('bi') : nullIf(r % 13 === 0,
                                    String(BigInt(next()) * 2147483659n - 4611686018427387904n)),
      special ? pick('d') : nullIf(r % 9 === 4, canonDouble(dval)),
      special ? pick('s') : nullIf(r % 5 === 2, `str${next() % 60}`),
      special ? pick('dt') : nullIf(r % 6 === 1, dateText(days)),
      special ? pick('ts') : nullIf(r % 8 === 3, timestampText(micros)),
      REGIONS[r % REGIONS.length],
      r % 2 ? null : String(r % 10),
      r % 3 ? 'true' : 'false',
      canonDouble(r * 0.25 - 100),
      r % 2 ? `v${r % 3}` : null,
      null,
      null,
      null,
    ]);
  }
  return rows;
}

// ---- SQL ------------------------------------------------------------------------------

function literal(col, cell) {
  if (cell === null) return 'NULL';
  const text = col.type === 'DOUBLE' && cell === '-0' ? '-0.0' : cell;
  return `'${text.replaceAll("'", "''")}'`;
}

// A SELECT yielding the rows with the COLUMNS types; the same text runs on both engines.
export function tableSql(rows) {
  const values = rows.map((row) => `(${row.map((cell, c) => literal(COLUMNS[c], cell)).join(', ')})`);
  const select = COLUMNS.map((col, c) => `CAST(c${c} AS ${col.type}) AS ${col.name}`);
  const aliases = COLUMNS.map((_, c) => `c${c}`).join(', ');
  return `SELECT ${select.join(', ')}\nFROM (VALUES\n${values.join(',\n')}\n) AS t(${aliases})`;
}

// The columns={...} struct both engines' read_csv/read_json accept.
export function columnsStruct() {
  return `{${COLUMNS.map((c) => `'${c.name}': '${c.type}'`).join(', ')}}`;
}
