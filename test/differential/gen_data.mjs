// Deterministic generator of the differential test's CSV tables.
//   node gen_data.mjs OUT_DIR [SCALE]
// Writes customers.csv, products.csv, orders.csv, events.csv into OUT_DIR. The same SCALE
// (default 1) always gives byte-identical files. The data is shaped to reach edge cases:
// NULLs in keys and values, duplicate and unmatched join keys, negative numbers, quoted
// fields holding commas, quotes and outer spaces, dates and timestamps. There are no
// empty strings in the files: DuckDB reads a quoted "" as NULL (allow_quoted_nulls) and
// sluice as '', so the queries make their empty strings themselves.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
const scale = Number(process.argv[3] || 1);
if (!out || !(scale > 0)) {
  console.error('usage: node gen_data.mjs OUT_DIR [SCALE]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

// xorshift32: tiny, deterministic across platforms.
let state = 0x2545f491;
function next() {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state;
}
const int = (lo, hi) => lo + (next() % (hi - lo + 1)); // inclusive
const chance = (p) => next() / 4294967296 < p;
const pick = (arr) => arr[next() % arr.length];
const money = (lo, hi) => (int(Math.round(lo * 100), Math.round(hi * 100)) / 100).toFixed(2);
const pad = (n, w = 2) => String(n).padStart(w, '0');
function date(y0, y1) {
  const y = int(y0, y1), m = int(1, 12), d = int(1, 28);
  return `${y}-${pad(m)}-${pad(d)}`;
}
function timestamp(y0, y1) {
  return `${date(y0, y1)} ${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}`;
}
// CSV cell: null → empty field; strings quoted when they need it.
function cell(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  if (s === '') throw new Error('empty strings are not portable between the engines');
  return /[",\n\r]|^ | $/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}
function write(name, header, rows) {
  const lines = [header.join(',')];
  for (const r of rows) lines.push(r.map(cell).join(','));
  writeFileSync(join(out, name), lines.join('\n') + '\n');
}

const regions = ['North', 'South', 'East', 'West'];
const segments = ['retail', 'corporate', 'smb'];
const first = ['Ann', 'Bob', 'Cleo', 'Dan', 'Eve', 'Finn', 'Gus', 'Hana', 'Ivo', 'Jo', 'kim', 'Lu'];

// customers: ids 1..N plus a few duplicated ids (many-to-many joins).
const nCust = Math.round(600 * scale);
const customers = [];
for (let id = 1; id <= nCust; id++) {
  const name = chance(0.03) ? ' padded ' : chance(0.03) ? null : `${pick(first)} ${String.fromCharCode(65 + (id % 26))}${id}`;
  customers.push([id, name, chance(0.08) ? null : pick(regions), pick(segments), date(2019, 2024),
                  chance(0.05) ? null : money(-500, 20000), chance(0.7) ? 'true' : 'false']);
}
for (let i = 0; i < Math.round(12 * scale); i++) {
  const id = int(1, nCust);
  customers.push([id, `Dup ${id}`, pick(regions), pick(segments), date(2019, 2024), money(0, 5000), 'false']);
}
write('customers.csv', ['customer_id', 'name', 'region', 'segment', 'signup_date', 'credit_limit', 'is_active'], customers);

// products: categories with NULLs, weights with NULLs, one name with a comma and a quote.
const nProd = Math.round(200 * scale);
const cats = ['toys', 'food', 'tools', 'books', 'garden'];
const products = [];
for (let id = 1; id <= nProd; id++) {
  let name = `${pick(['red', 'blue', 'big', 'tiny', 'old'])} ${pick(['ball', 'cake', 'saw', 'novel', 'hose'])} ${id}`;
  if (id % 37 === 0) name = `deluxe, "${name}"`;
  products.push([id, name, chance(0.07) ? null : pick(cats), money(0.5, 300),
                 chance(0.1) ? null : int(1, 5000)]);
}
write('products.csv', ['product_id', 'name', 'category', 'price', 'weight'], products);

// orders: NULL and unmatched customer/product ids, negative quantities (returns), NULL
// discounts, a status differing only in case, timestamps across two years.
const nOrd = Math.round(4000 * scale);
const statuses = ['new', 'paid', 'shipped', 'returned', 'NEW'];
const orders = [];
for (let id = 1; id <= nOrd; id++) {
  const ts = timestamp(2023, 2024);
  orders.push([id, chance(0.03) ? null : int(1, nCust + 50), int(1, nProd + 20),
               chance(0.05) ? -int(1, 3) : int(1, 20), money(0.5, 500),
               chance(0.6) ? null : pick(['0.05', '0.1', '0.15', '0.2', '0.25']),
               chance(0.02) ? null : pick(statuses), ts,
               chance(0.2) ? null : ts.slice(0, 8) + pad(Math.min(28, Number(ts.slice(8, 10)) + int(0, 5)))]);
}
write('orders.csv', ['order_id', 'customer_id', 'product_id', 'quantity', 'unit_price', 'discount',
                     'status', 'order_ts', 'ship_date'], orders);

// events: nullable user ids (overlapping customer ids), kinds with NULLs, values with
// negatives and NULLs, notes with commas, quotes and outer spaces.
const nEv = Math.round(3000 * scale);
const kinds = ['click', 'view', 'buy', 'refund', 'Click'];
const events = [];
for (let id = 1; id <= nEv; id++) {
  const r = next() % 100;
  const note = r < 50 ? null : r < 60 ? ` sp ${id % 7} ` : r < 65 ? `a, b "${id}"` : `note ${id % 97}`;
  events.push([id, chance(0.1) ? null : int(1, Math.round(nCust * 1.2)), chance(0.03) ? null : pick(kinds),
               chance(0.1) ? null : (int(-100000, 100000) / 1000).toFixed(3), timestamp(2024, 2024), note]);
}
write('events.csv', ['event_id', 'user_id', 'kind', 'value', 'ts', 'note'], events);
