#!/usr/bin/env node
// First-load size of every route of the SPA: what a browser downloads to show the route when
// it is opened directly (HTML + JS + CSS + the main wasm module + the route's page module and
// the shared chunks that module needs), raw, gzip -9 and brotli (quality 11), and the files.
//
//   node scripts/bench-size.mjs [--dist DIR] [--floor DIR] [--budget KB] [--json FILE]
//
// --floor DIR: also measure the size floor (scripts/build-spa --floor: main.js + main_bg.wasm of
// an empty Leptos CSR app with a router, built the same way), for comparison.
//
// Reads the build that dist/index.html loads (scripts/build-spa). With --budget, exits with 1
// when a route's first load is over KB kilobytes (1 KB = 1000 bytes) of brotli, or when the
// route table below and the build disagree (a page module no route claims, or a route whose
// module is missing): sizes do not depend on machine speed, so this is a test.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Every route of src/app.rs and the module of its page (`split_<module>.wasm`, see `pages!` in
// src/lazy.rs).
export const ROUTES = [
  { route: '/', page: 'home' },
  { route: '/logga-in', page: 'login' },
  { route: '/meddelanden', page: 'messages' },
  { route: '/meddelanden/:id', page: 'message' },
  { route: '/arenden', page: 'matters' },
  { route: '/arenden/:id', page: 'matters' },
  { route: '/arenden/:id/skriv', page: 'compose' },
  { route: '/mina-uppgifter', page: 'personal' },
  { route: '/kontaktval', page: 'channels' },
  { route: '/agera-for', page: 'parties' },
  { route: '/ombud', page: 'parties' },
  { route: '/atkomstlogg', page: 'parties' },
  { route: '/tillganglighet', page: 'accessibility' },
  { route: '/tillganglighetsredogorelse', page: 'accessibility' },
  { route: '/kundterminal', page: 'terminal' },
  { route: '/synpunkter', page: 'feedback' },
  { route: '/e-tjanster', page: 'eservices' },
  { route: '/no-such-page (not found)', page: null },
];

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dist = option('--dist') ?? join(import.meta.dirname, '..', 'dist');
const budget = option('--budget') === undefined ? undefined : Number(option('--budget'));
const jsonOut = option('--json');
const floorDir = option('--floor');

const indexPath = join(dist, 'index.html');
if (!existsSync(indexPath)) {
  console.error(`No ${indexPath}: build the SPA first (scripts/build-spa).`);
  process.exit(1);
}
const html = readFileSync(indexPath, 'utf8');
const app = html.match(/"\/(app\/[0-9a-f]{16})\/boot\.js"/)?.[1];
if (!app) {
  console.error(`${indexPath} loads no /app/<build id>/boot.js: not a scripts/build-spa build.`);
  process.exit(1);
}

// Compressed sizes are those of the `.gz` and `.br` files the build wrote beside each file
// (what the server sends); only where there are none (the size floor) are they made here.
const sizes = new Map();
function size(path) {
  if (!sizes.has(path)) {
    const file = join(dist, path);
    const data = readFileSync(file);
    const beside = (ext, make) => (existsSync(file + ext) ? statSync(file + ext).size : make().length);
    sizes.set(path, {
      raw: data.length,
      gzip: beside('.gz', () => gzipSync(data, { level: 9 })),
      br: beside('.br', () => brotliCompressSync(data, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
      })),
    });
  }
  return sizes.get(path);
}

// What every route loads: the page and what it references (stylesheet, boot script, the
// preloaded modules), the wasm-bindgen glue's static imports and the main module.
const shared = ['index.html'];
for (const m of html.matchAll(/(?:href|src)="\/(app\/[^"]+)"/g)) shared.push(m[1]);
const mainJs = readFileSync(join(dist, app, 'main.js'), 'utf8');
for (const m of mainJs.matchAll(/^import .* from ['"]\.\/([^'"]+)['"]/gm)) shared.push(`${app}/${m[1]}`);
shared.push(`${app}/main_bg.wasm`);
const first = [...new Set(shared)];

// The loader (__wasm_split.js) names each page module's chunks.
const loader = readFileSync(join(dist, app, '__wasm_split.js'), 'utf8');
const chunkFile = new Map();
for (const m of loader.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
  chunkFile.set(m[1], m[2]);
}
const pageModules = new Map();
for (const m of loader.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n, \[([^\]]*)\]\)\);/g)) {
  const chunks = m[3].split(',').map((c) => c.trim()).filter(Boolean).map((c) => {
    if (!chunkFile.has(c)) throw new Error(`__wasm_split.js: ${m[1]} needs ${c}, which it does not define`);
    return chunkFile.get(c);
  });
  pageModules.set(m[1], [m[2], ...chunks].map((f) => `${app}/${f}`));
}

// The translation tables of the languages other than Swedish (and of easy-to-read Swedish):
// fetched from dist/locales/ by whoever chose that language, not by a route. The build's
// modules name the tables it was made with (src/i18n.rs, generated from locales/).
const buildBytes = readdirSync(join(dist, app)).filter((n) => n.endsWith('.wasm'))
  .map((n) => readFileSync(join(dist, app, n)).toString('latin1')).join('\n');
export const LANGUAGES = [...new Set(buildBytes.match(/[a-z]{2}(?:-x-[a-z]+)?-[0-9a-f]{16}\.json/g) ?? [])].sort();

// The decoder of those tables, a module of its own, fetched with the first table.
const I18N_MODULE = 'i18n_tables';

const problems = [];
const claimed = new Set([...ROUTES.map((r) => r.page).filter(Boolean), I18N_MODULE]);
if (!pageModules.has(I18N_MODULE)) problems.push(`the build has no module ${I18N_MODULE} (the translation tables' decoder)`);
for (const name of pageModules.keys()) {
  if (!claimed.has(name)) problems.push(`page module ${name} is not in the route table of scripts/bench-size.mjs`);
}
if (LANGUAGES.length < 4) problems.push(`the build names ${LANGUAGES.length} translation tables, expected en, fi, ar and sv-x-lattlast`);
for (const name of LANGUAGES) {
  if (!existsSync(join(dist, 'locales', name))) problems.push(`the build's translation table locales/${name} is not in ${dist}/locales`);
}
const rows = ROUTES.map(({ route, page }) => {
  if (page && !pageModules.has(page)) problems.push(`route ${route}: the build has no page module ${page}`);
  const files = [...first, ...(pageModules.get(page) ?? [])];
  const total = { raw: 0, gzip: 0, br: 0 };
  for (const f of files) for (const k of Object.keys(total)) total[k] += size(f)[k];
  const own = (pageModules.get(page) ?? []).reduce((sum, f) => sum + size(f).br, 0);
  return { route, page, files: files.length, pageModuleBr: own, ...total };
});

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const mainWasm = size(`${app}/main_bg.wasm`);
console.log(`Build ${app.slice(4)}: main module ${kb(mainWasm.raw)} raw, ${kb(mainWasm.br)} brotli; ` +
  `${pageModules.size} page modules, ${chunkFile.size} shared chunks.`);
console.log(`Files every route loads: ${first.map((f) => f.replace(`${app}/`, '')).join(', ')} ` +
  `(${kb(first.reduce((s, f) => s + size(f).br, 0))} brotli).\n`);
console.log('| route | files | raw | gzip -9 | brotli 11 | of which the page\'s modules (brotli) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const over = budget !== undefined && r.br > budget * 1000 ? ' ✗' : '';
  console.log(`| \`${r.route}\` | ${r.files} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.br)}${over} | ${kb(r.pageModuleBr)} |`);
}
const languages = LANGUAGES.filter((name) => existsSync(join(dist, 'locales', name))).map((name) =>
  `${name.replace(/-[0-9a-f]{16}\.json$/, '')} ${kb(size(`/locales/${name}`).br)}`);
if (languages.length) {
  const decoder = (pageModules.get(I18N_MODULE) ?? []).reduce((sum, f) => sum + size(f).br, 0);
  console.log(`\nA visitor who chose another language than Swedish (or easy-to-read Swedish) also loads its texts (brotli): ${languages.join(', ')}; ` +
    `with the first of them the tables' decoder, ${kb(decoder)}.`);
}
let floor;
if (floorDir) {
  floor = { raw: 0, gzip: 0, br: 0 };
  for (const name of ['main.js', 'main_bg.wasm']) {
    const s = size(relative(dist, join(floorDir, name)));
    for (const k of Object.keys(floor)) floor[k] += s[k];
  }
  console.log(`| size floor: empty Leptos CSR app with a router (JS + wasm) | 2 | ${kb(floor.raw)} | ${kb(floor.gzip)} | ${kb(floor.br)} | |`);
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ app, first, rows, floor }, null, 2));

if (budget !== undefined) {
  for (const r of rows) {
    if (r.br > budget * 1000) problems.push(`route ${r.route}: first load ${kb(r.br)} brotli is over the budget of ${budget} KB`);
  }
  if (problems.length) {
    console.error(`\nSize budget failed:\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log(`\nEvery route's first load is within ${budget} KB brotli.`);
}
