// The two engines as the interop cases use them: sluice as a child process
// (`sluice query --format csv -f FILE`), DuckDB in-process through @duckdb/node-api.
// Reads return canonical rows (canon.mjs) in key order, so both sides compare directly.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonDuck, parseCsv, sluiceRows, sluiceSelectList } from './canon.mjs';

export class Sluice {
  constructor(binary, workDir) {
    this.binary = binary;
    this.workDir = workDir;
    this.counter = 0;
  }

  // Runs `sql` (one or more statements; the last one's result is printed) and resolves to
  // its CSV output; rejects with sluice's error message.
  run(sql) {
    const file = join(this.workDir, `query_${++this.counter}.sql`);
    writeFileSync(file, sql);
    return new Promise((resolve, reject) => {
      execFile(this.binary, ['query', '--format', 'csv', '--threads', '2', '-f', file],
        { maxBuffer: 256 << 20, timeout: 60000 }, (err, stdout, stderr) => {
          if (err) reject(new Error(`sluice failed: ${(stderr || err.message).trim()}\n    SQL: ${abbreviate(sql)}`));
          else resolve(stdout);
        });
    });
  }

  // Canonical rows of `columns` read from the FROM clause `from`, ordered by the key.
  async read(from, columns) {
    const out = await this.run(`SELECT ${sluiceSelectList(columns).join(', ')} FROM ${from} ORDER BY ${columns[0].name}`);
    return sluiceRows(out, columns);
  }

  // Map column name -> type name, as sluice's DESCRIBE reports it.
  async types(from) {
    const records = parseCsv(await this.run(`DESCRIBE SELECT * FROM ${from}`));
    return new Map(records.slice(1).map((rec) => [rec[0].text, rec[1].text]));
  }
}

export class Duck {
  constructor(connection) {
    this.con = connection;
  }

  async run(sql) {
    try {
      return await this.con.runAndReadAll(sql);
    } catch (e) {
      throw new Error(`duckdb failed: ${e.message}\n    SQL: ${abbreviate(sql)}`);
    }
  }

  async read(from, columns) {
    const reader = await this.run(`SELECT ${columns.map((c) => c.name).join(', ')} FROM ${from} ORDER BY ${columns[0].name}`);
    // Column-wise (getColumns is several times faster than getRows), then into rows.
    const data = reader.getColumns().map((values, c) => values.map((v) => canonDuck(columns[c].type, v)));
    return Array.from({ length: reader.currentRowCount }, (_, r) => data.map((values) => values[r]));
  }

  async types(from) {
    const reader = await this.run(`DESCRIBE SELECT * FROM ${from}`);
    return new Map(reader.getRows().map((row) => [row[0], row[1]]));
  }

  // Rows of `sql` as plain JavaScript values.
  async rows(sql) {
    return (await this.run(sql)).getRows();
  }
}

// Null when `types` (name -> type) gives every column of `columns` its type; else a message.
export function checkTypes(types, columns, what) {
  const problems = [];
  for (const c of columns) {
    if (!types.has(c.name)) problems.push(`${what}: no column ${c.name}`);
    else if (types.get(c.name) !== c.type) problems.push(`${what}: column ${c.name} is ${types.get(c.name)}, expected ${c.type}`);
  }
  return problems.length ? problems.join('\n    ') : null;
}

function abbreviate(sql) {
  const flat = sql.replace(/\s+/g, ' ');
  return flat.length > 300 ? `${flat.slice(0, 300)}...` : flat;
}
