// Normalizes what each engine returns to the canonical cell text of table.mjs, parses
// sluice's CSV output, and compares row sets cell by cell.
//
// sluice output is read as `sluice query --format csv`: NULL is an empty unquoted field,
// '' is "" (quoted), doubles print NaN/infinities as nan/inf/-inf. The CLI prints -0.0 as
// 0.0, so sluice read queries add a `<col>__neg0` column (atan2(col, -1) < 0 for zeros)
// that restores the sign: the sign of zero is compared, never ignored.
import { canonDouble, dateText, timestampText } from './table.mjs';

export const NEG_ZERO_SUFFIX = '__neg0';

// ---- DuckDB values (node-api getRows()) -----------------------------------------------

export function canonDuck(type, v) {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'BOOLEAN': return v ? 'true' : 'false';
    case 'INTEGER':
    case 'BIGINT': return String(v);
    case 'DOUBLE': return canonDouble(v);
    case 'DATE': return dateText(v.days);
    case 'TIMESTAMP': return timestampText(BigInt(v.micros));
    case 'VARCHAR': return String(v);
    default: throw new Error(`canonDuck: unexpected type ${type}`);
  }
}

// ---- sluice text ----------------------------------------------------------------------

function canonTimestampText(text) {
  const m = /^(-?\d+)-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) return `unparsed timestamp ${JSON.stringify(text)}`;
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}.${(m[7] ?? '').padEnd(6, '0')}`;
}

// `field` is {text, quoted} from parseCsv; `negZero` the matching __neg0 field or null.
export function canonSluice(type, field, negZero) {
  if (field.text === '' && !field.quoted) return null;
  const t = field.text;
  switch (type) {
    case 'BOOLEAN':
    case 'INTEGER':
    case 'BIGINT':
    case 'DATE':
    case 'VARCHAR': return t;
    case 'DOUBLE': {
      if (t === 'nan' || t === 'inf' || t === '-inf') return t;
      const x = Number(t);
      if (Number.isNaN(x)) return `unparsed double ${JSON.stringify(t)}`;
      if (x === 0) {
        if (!negZero || negZero.text === '') return `zero without a sign column (${t})`;
        return negZero.text === 'true' ? '-0' : '0';
      }
      return canonDouble(x);
    }
    case 'TIMESTAMP': return canonTimestampText(t);
    default: throw new Error(`canonSluice: unexpected type ${type}`);
  }
}

// RFC 4180 records of {text, quoted} fields.
export function parseCsv(text) {
  const records = [];
  let record = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return records;
  for (;;) {
    let field;
    if (text[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= n) throw new Error('CSV: unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') { s += '"'; i += 2; continue; }
          i++;
          break;
        }
        s += text[i++];
      }
      field = { text: s, quoted: true };
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field = { text: text.slice(i, j), quoted: false };
      i = j;
    }
    record.push(field);
    if (i >= n) { records.push(record); break; }
    if (text[i] === ',') { i++; continue; }
    if (text[i] === '\r') i++;
    if (text[i] !== '\n') throw new Error(`CSV: unexpected character at offset ${i}`);
    i++;
    records.push(record);
    record = [];
    if (i >= n) break;
  }
  return records;
}

// The select list of a sluice read query for `columns`: each column, plus the zero-sign
// column after each DOUBLE.
export function sluiceSelectList(columns) {
  return columns.flatMap((c) => (c.type === 'DOUBLE'
    ? [c.name, `CASE WHEN ${c.name} = 0 THEN atan2(${c.name}, -1.0) < 0 END AS ${c.name}${NEG_ZERO_SUFFIX}`]
    : [c.name]));
}

// Canonical rows from sluice's CSV output of a query selecting sluiceSelectList(columns).
export function sluiceRows(csvText, columns) {
  const records = parseCsv(csvText);
  if (records.length === 0) throw new Error('sluice printed no header');
  const header = records[0].map((f) => f.text);
  const index = new Map(header.map((h, k) => [h, k]));
  for (const c of columns) {
    if (!index.has(c.name)) throw new Error(`sluice result lacks column ${c.name} (has ${header.join(', ')})`);
  }
  return records.slice(1).map((rec, r) => {
    if (rec.length !== header.length) throw new Error(`sluice row ${r}: ${rec.length} fields, header has ${header.length}`);
    return columns.map((c) => {
      const neg = index.has(c.name + NEG_ZERO_SUFFIX) ? rec[index.get(c.name + NEG_ZERO_SUFFIX)] : null;
      return canonSluice(c.type, rec[index.get(c.name)], neg);
    });
  });
}

// ---- comparison -----------------------------------------------------------------------

function show(cell) {
  if (cell === null) return 'NULL';
  const s = JSON.stringify(cell);
  return s.length > 80 ? `${s.slice(0, 60)}...(${cell.length} chars)` : s;
}

// Null when `actual` equals `expected` (same rows, in order, every cell); else a message
// naming up to three differing cells by key (first column) and column name.
export function compareRows(expected, actual, columns, what) {
  const problems = [];
  if (expected.length !== actual.length) {
    problems.push(`${what}: ${actual.length} rows, expected ${expected.length}`);
  }
  const rows = Math.min(expected.length, actual.length);
  let differing = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns.length; c++) {
      if (expected[r][c] !== actual[r][c]) {
        if (++differing <= 3) {
          problems.push(`${what}: row ${columns[0].name}=${expected[r][0]} column ${columns[c].name} ` +
                        `(${columns[c].type}): expected ${show(expected[r][c])}, got ${show(actual[r][c])}`);
        }
      }
    }
  }
  if (differing > 3) problems.push(`${what}: ${differing} differing cells in all`);
  return problems.length ? problems.join('\n    ') : null;
}
