#!/usr/bin/env node
// First-load transfer size of the SPA: what a browser downloads to show the first page
// (HTML + JS + WASM + CSS referenced by dist/index.html), raw, gzip -9 and brotli (q 11).
// Run after `scripts/build-spa`:  node scripts/bench-size.mjs [dist]
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? join(import.meta.dirname, '..', 'dist');
const indexPath = join(dist, 'index.html');
if (!existsSync(indexPath)) {
  console.error(`No ${indexPath}: build the SPA first (scripts/build-spa).`);
  process.exit(1);
}
const html = readFileSync(indexPath, 'utf8');
const assets = new Set(['index.html']);
for (const m of html.matchAll(/(?:href|src)="\/([^"]+\.(?:js|wasm|css))"/g)) assets.add(m[1]);
for (const m of html.matchAll(/['"]\/([^'"]+\.(?:js|wasm))['"]/g)) assets.add(m[1]);

const rows = [];
let total = { raw: 0, gzip: 0, br: 0 };
for (const name of assets) {
  const data = readFileSync(join(dist, name));
  const gzip = gzipSync(data, { level: 9 }).length;
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;
  rows.push({ name, raw: data.length, gzip, br });
  total.raw += data.length;
  total.gzip += gzip;
  total.br += br;
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KiB';
console.log('asset'.padEnd(44) + 'raw'.padStart(12) + 'gzip -9'.padStart(12) + 'brotli'.padStart(12));
for (const r of rows) console.log(r.name.padEnd(44) + kb(r.raw) + kb(r.gzip) + kb(r.br));
console.log('TOTAL first load'.padEnd(44) + kb(total.raw) + kb(total.gzip) + kb(total.br));
