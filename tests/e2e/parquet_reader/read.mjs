#!/usr/bin/env node
// Independent reading of a Parquet file for furrow's e2e tests; nothing here uses furrow.
//
//   node read.mjs hyparquet FILE...  -> hyparquet (+ hyparquet-compressors for zstd); GeoParquet
//                                      geometry columns decoded by hyparquet to GeoJSON geometries
//   node read.mjs parquet-wasm FILE... -> parquet-wasm (Rust arrow-rs parquet), decoded with
//                                      apache-arrow; binary columns as hex (WKB)
//
// Prints one JSON line per FILE (one process for many files: node and wasm start slowly):
// {reader, file, num_rows, row_groups, key_value_metadata: {key: value},
// schema: [{name, ...}], columns: {name: [value per row, null for a null]}}. Timestamps are
// printed as integer milliseconds since the epoch, whatever type the reader gives them.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { tableFromIPC } from 'apache-arrow';

const require = createRequire(import.meta.url);

function plain(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return value;
}

async function readHyparquet(bytes) {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = parquetMetadata(file);
  const rows = await parquetReadObjects({ file, compressors });
  const names = metadata.schema.slice(1).map((s) => s.name);
  const columns = Object.fromEntries(names.map((n) => [n, rows.map((r) => plain(r[n]))]));
  return {
    num_rows: Number(metadata.num_rows),
    row_groups: metadata.row_groups.map((g) => ({
      num_rows: Number(g.num_rows),
      codecs: g.columns.map((c) => c.meta_data.codec),
      encodings: Object.fromEntries(g.columns.map((c) => [c.meta_data.path_in_schema.join('.'), c.meta_data.encodings])),
    })),
    key_value_metadata: Object.fromEntries((metadata.key_value_metadata ?? []).map((kv) => [kv.key, kv.value])),
    schema: metadata.schema.slice(1).map((s) => ({
      name: s.name,
      type: s.type,
      repetition_type: s.repetition_type,
      converted_type: s.converted_type ?? null,
      logical_type: s.logical_type ? JSON.parse(JSON.stringify(s.logical_type, (k, v) => (typeof v === 'bigint' ? Number(v) : v))) : null,
    })),
    columns,
  };
}

function readParquetWasm(bytes) {
  const wasm = require('parquet-wasm');
  const table = tableFromIPC(wasm.readParquet(bytes).intoIPCStream());
  const columns = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    const values = [];
    for (let row_idx = 0; row_idx < table.numRows; ++row_idx) values.push(plain(vector.get(row_idx)));
    columns[field.name] = values;
  }
  return {
    num_rows: table.numRows,
    key_value_metadata: Object.fromEntries(table.schema.metadata),
    schema: table.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })),
    columns,
  };
}

const [reader, ...paths] = process.argv.slice(2);
if (paths.length === 0 || !['hyparquet', 'parquet-wasm'].includes(reader)) {
  process.stderr.write('usage: read.mjs hyparquet|parquet-wasm FILE...\n');
  process.exit(2);
}
for (const file of paths) {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const out = reader === 'hyparquet' ? await readHyparquet(bytes) : readParquetWasm(bytes);
  process.stdout.write(JSON.stringify({ reader, file, ...out }) + '\n');
}
