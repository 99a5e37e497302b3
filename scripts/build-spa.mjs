#!/usr/bin/env node
// The last step of scripts/build-spa: lays out dist/ from the split, bound and optimised modules.
//
//   dist/index.html              the repository's index.html without Trunk's directives, loading
//                                /app/<build id>/boot.js (a file: the CSP allows no inline script)
//   dist/app/<build id>/         main.js, main_bg.wasm, __wasm_split.js, split_*.wasm, chunk_*.wasm,
//                                main.css, boot.js: immutable, named by a hash of their contents
//   dist/locales/                <tag>-<hash>.json: the translation tables of the languages other
//                                than Swedish, named by their content (the app knows the names)
//   dist/public/                 public/ as it is (favicon and other unhashed files)
//
// Beside every compressible file: `.br` (brotli, quality 11) and `.gz` (gzip, level 9), which the
// server sends as they are. Directories of earlier builds stay for KEEP_DAYS days
// (MINSIDA_KEEP_BUILD_DAYS, default 7): a browser still running an earlier build can fetch its
// chunks after a deployment.
//
// Usage: node scripts/build-spa.mjs <pkg dir> <dist dir>
import { createHash } from 'node:crypto';
import {
  cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [pkgDir, distDir] = process.argv.slice(2);
if (!pkgDir || !distDir) {
  console.error('usage: node scripts/build-spa.mjs <pkg dir> <dist dir>');
  process.exit(2);
}
const root = join(import.meta.dirname, '..');
const KEEP_DAYS = Number(process.env.MINSIDA_KEEP_BUILD_DAYS ?? 7);
// Formats that are compressed already: a second compression only costs space.
const COMPRESSED_ALREADY = /\.(png|jpe?g|gif|webp|avif|woff2?|br|gz|zip|pdf)$/i;

// --- The build's files, in memory -------------------------------------------------------
const files = new Map();
for (const name of readdirSync(pkgDir).sort()) {
  if (/\.(js|wasm)$/.test(name)) files.set(name, readFileSync(join(pkgDir, name)));
}
for (const required of ['main.js', 'main_bg.wasm', '__wasm_split.js']) {
  if (!files.has(required)) throw new Error(`${pkgDir} has no ${required}`);
}
files.set('main.css', readFileSync(join(root, 'style', 'main.css')));
// Starts the app: wasm-bindgen's init fetches main_bg.wasm beside main.js and runs `start`.
files.set('boot.js', Buffer.from("import init from './main.js';\nawait init();\n"));

const hash = createHash('sha256');
for (const [name, data] of files) hash.update(`${name}\0${data.length}\0`).update(data);
const buildId = hash.digest('hex').slice(0, 16);
const app = `/app/${buildId}`;

// --- dist/app/<build id>/ ----------------------------------------------------------------
const appRoot = join(distDir, 'app');
const buildDir = join(appRoot, buildId);
mkdirSync(appRoot, { recursive: true });
const staging = `${buildDir}.tmp-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging);
for (const [name, data] of files) writeCompressed(join(staging, name), data);
rmSync(buildDir, { recursive: true, force: true });
renameSync(staging, buildDir);
const now = new Date();
utimesSync(buildDir, now, now);

// --- dist/locales/ ------------------------------------------------------------------------
// Tables of earlier builds stay as long as those builds (a browser still running one may
// switch language); the current ones are touched so that they count from now.
const localesDir = join(distDir, 'locales');
mkdirSync(localesDir, { recursive: true });
const tables = readdirSync(join(pkgDir, 'locales')).filter((n) => n.endsWith('.json'));
if (tables.length === 0) throw new Error(`${pkgDir}/locales has no translation tables`);
for (const name of tables) {
  writeCompressed(join(localesDir, name), readFileSync(join(pkgDir, 'locales', name)));
  utimesSync(join(localesDir, name), now, now);
}

// --- dist/public/ ------------------------------------------------------------------------
const publicDir = join(distDir, 'public');
rmSync(publicDir, { recursive: true, force: true });
cpSync(join(root, 'public'), publicDir, { recursive: true });
for (const file of walk(publicDir)) writeCompressed(file, readFileSync(file), { keepOriginal: true });

// --- dist/index.html ---------------------------------------------------------------------
let html = readFileSync(join(root, 'index.html'), 'utf8');
html = html.replace(/[ \t]*<link\s+data-trunk\b[^>]*>\s*\n?/gs, '');
if (/data-trunk/.test(html)) throw new Error('index.html has a Trunk directive this script does not know');
const head = [
  `<link rel="stylesheet" href="${app}/main.css">`,
  `<link rel="modulepreload" href="${app}/main.js">`,
  `<link rel="modulepreload" href="${app}/__wasm_split.js">`,
  `<link rel="preload" href="${app}/main_bg.wasm" as="fetch" type="application/wasm" crossorigin>`,
  `<script type="module" src="${app}/boot.js"></script>`,
].map((line) => `    ${line}\n`).join('');
html = html.replace('</head>', `${head}</head>`);
// Written last, and atomically: until here the previous index.html (and its build) is served.
const indexTmp = join(distDir, `index.html.tmp-${process.pid}`);
writeFileSync(indexTmp, html);
for (const [ext, data] of compressed(Buffer.from(html))) {
  writeFileSync(`${indexTmp}${ext}`, data);
}
for (const ext of ['.br', '.gz', '']) renameSync(`${indexTmp}${ext}`, join(distDir, `index.html${ext}`));

// --- Leftovers: earlier builds past their time, Trunk's flat layout -----------------------
const cutoff = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
for (const name of readdirSync(appRoot)) {
  const dir = join(appRoot, name);
  if (name === buildId) continue;
  if (name.includes('.tmp-') || statSync(dir).mtimeMs < cutoff) rmSync(dir, { recursive: true, force: true });
}
for (const name of readdirSync(localesDir)) {
  const table = name.replace(/\.(br|gz)$/, '');
  if (tables.includes(table)) continue;
  const original = statSync(join(localesDir, table), { throwIfNoEntry: false });
  if (!original || original.mtimeMs < cutoff) rmSync(join(localesDir, name), { force: true });
}
for (const name of readdirSync(distDir)) {
  const path = join(distDir, name);
  if (!['app', 'public', 'locales'].includes(name) && !name.startsWith('index.html') && statSync(path).isFile()) {
    rmSync(path);
  }
}

const kept = readdirSync(appRoot).filter((n) => n !== buildId);
console.log(`dist/: build ${buildId} (${files.size} files, ${tables.length} translation tables)${kept.length ? `; kept ${kept.length} earlier build(s): ${kept.join(', ')}` : ''}`);

function compressed(data) {
  return [
    ['.br', brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    })],
    ['.gz', gzipSync(data, { level: 9 })],
  ];
}

function writeCompressed(path, data, { keepOriginal = false } = {}) {
  if (!keepOriginal) writeFileSync(path, data);
  if (COMPRESSED_ALREADY.test(path)) return;
  for (const [ext, packed] of compressed(data)) writeFileSync(`${path}${ext}`, packed);
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
