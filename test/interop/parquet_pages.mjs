// Counts the pages of each column chunk of a Parquet file by walking the page headers
// (Thrift compact protocol), so the cases can check that a file really holds what its
// variant claims: data pages v1 or v2, dictionary pages, several pages per chunk.
//
// Page header fields used: 1 type (0 DATA_PAGE, 2 DICTIONARY_PAGE, 3 DATA_PAGE_V2),
// 3 compressed_page_size (bytes of page data after the header). Every other field is
// skipped by its wire type.
import { openSync, readSync, closeSync } from 'node:fs';

export const PAGE_TYPES = { 0: 'DATA_PAGE', 1: 'INDEX_PAGE', 2: 'DICTIONARY_PAGE', 3: 'DATA_PAGE_V2' };

class CompactReader {
  constructor(buf, pos) { this.buf = buf; this.pos = pos; }
  byte() {
    if (this.pos >= this.buf.length) throw new Error('page header runs past the column chunk');
    return this.buf[this.pos++];
  }
  varint() {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
      if (shift > 70n) throw new Error('varint too long');
    }
  }
  zigzag() {
    const v = this.varint();
    return Number((v >> 1n) ^ -(v & 1n));
  }
  skip(type) {
    switch (type) {
      case 1: case 2: return;
      case 3: this.byte(); return;
      case 4: case 5: case 6: this.varint(); return;
      case 7: this.pos += 8; return;
      case 8: this.pos += Number(this.varint()); return;
      case 9: case 10: {
        const head = this.byte();
        let size = head >> 4;
        if (size === 15) size = Number(this.varint());
        for (let k = 0; k < size; k++) this.skip((head & 15) === 1 || (head & 15) === 2 ? 3 : head & 15);
        return;
      }
      case 11: {
        const size = Number(this.varint());
        if (size === 0) return;
        const kv = this.byte();
        for (let k = 0; k < size; k++) { this.skip(kv >> 4); this.skip(kv & 15); }
        return;
      }
      case 12: this.struct(() => false); return;
      default: throw new Error(`unknown thrift type ${type}`);
    }
  }
  // Walks a struct; `visit(id, type)` reads a field itself and returns true, or returns
  // false to have it skipped.
  struct(visit) {
    let id = 0;
    for (;;) {
      const head = this.byte();
      if (head === 0) return;
      const type = head & 15;
      id = head >> 4 ? id + (head >> 4) : this.zigzag();
      if (!visit(id, type)) this.skip(type);
    }
  }
}

// Page type names of the column chunk stored in [start, start + length) of `file`.
export function chunkPages(file, start, length) {
  const buf = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, length, start);
  } finally {
    closeSync(fd);
  }
  const pages = [];
  let pos = 0;
  while (pos < length) {
    const reader = new CompactReader(buf, pos);
    let type = null;
    let size = null;
    reader.struct((id, wire) => {
      if (id === 1 && wire === 5) { type = reader.zigzag(); return true; }
      if (id === 3 && wire === 5) { size = reader.zigzag(); return true; }
      return false;
    });
    if (type === null || size === null || size < 0) throw new Error(`bad page header at offset ${start + pos}`);
    pages.push(PAGE_TYPES[type] ?? `type ${type}`);
    pos = reader.pos + size;
  }
  return pages;
}

// For every column chunk of `file` (via DuckDB's parquet_metadata): {column, rowGroup, pages}.
export async function filePages(duck, file) {
  const meta = await duck.rows(`SELECT row_group_id, path_in_schema, data_page_offset, dictionary_page_offset, total_compressed_size FROM parquet_metadata('${file}') ORDER BY row_group_id, column_id`);
  return meta.map(([rowGroup, column, dataOffset, dictOffset, size]) => {
    const start = Number(dictOffset ?? dataOffset);
    return { column, rowGroup: Number(rowGroup), pages: chunkPages(file, start, Number(size)) };
  });
}
