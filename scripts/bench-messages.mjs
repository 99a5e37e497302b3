// Benchmark client for scripts/bench-messages (Node 20+, global fetch, no dependencies).
//
// usage: node scripts/bench-messages.mjs <base url> [binary] [data dir]

import { spawn, spawnSync } from "node:child_process";
import { statSync, readdirSync } from "node:fs";
import { join } from "node:path";

import { PERSON, check, deliverAll, login, now } from "./bench-lib.mjs";

const base = process.argv[2];
const binary = process.argv[3] ?? "?";
const dataDir = process.argv[4];
if (!base) {
  console.error("usage: node scripts/bench-messages.mjs http://127.0.0.1:PORT");
  process.exit(2);
}

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LATENCY_REQUESTS = Number(process.env.BENCH_LATENCY_REQUESTS ?? 100); // per scenario
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 10);
const UPLOAD_BYTES = 20 * 1024 * 1024;

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

async function latency(session, query) {
  const samples = [];
  let last;
  for (let i = 0; i < LATENCY_REQUESTS; i++) {
    const t = now();
    const res = await check(
      await fetch(`${base}/api/messages${query}`, { headers: { cookie: session.cookie } }),
      query,
    );
    last = await res.json();
    samples.push(now() - t);
  }
  return { ...stats(samples), total: last.total, returned: last.messages.length };
}

async function uploads(session) {
  const file = Buffer.alloc(UPLOAD_BYTES, 0x20);
  file.write("%PDF-1.7\n% bench\n", 0, "latin1");
  for (let i = 64; i < file.length; i += 4096) file[i] = (i * 31) & 0xff;
  const samples = [];
  const start = now();
  for (let i = 0; i < UPLOADS; i++) {
    const t = now();
    const res = await check(
      await fetch(`${base}/api/uploads`, {
        method: "POST",
        headers: {
          origin: base,
          cookie: session.cookie,
          "x-csrf-token": session.csrf,
          "content-type": "application/octet-stream",
          "x-file-name": encodeURIComponent(`underlag ${i}.pdf`),
        },
        body: file,
      }),
      `upload ${i}`,
    );
    const doc = await res.json();
    samples.push(now() - t);
    if (doc.size !== UPLOAD_BYTES) throw new Error(`upload ${i}: size ${doc.size}`);
    await check(
      await fetch(`${base}/api/uploads/${doc.id}`, {
        method: "DELETE",
        headers: { origin: base, cookie: session.cookie, "x-csrf-token": session.csrf },
      }),
      `delete upload ${i}`,
    );
  }
  const seconds = (now() - start) / 1000;
  const uploadMs = samples.reduce((a, b) => a + b, 0);
  return {
    ...stats(samples),
    mibPerSec: (UPLOADS * UPLOAD_BYTES) / 1024 / 1024 / (uploadMs / 1000),
    seconds,
  };
}

// Throughput: wrk (Debian's `wrk`) with BENCH_WRK_CONNECTIONS connections in all, split over
// the instances in BENCH_BASES and run against all of them at once, for BENCH_WRK_SECONDS.
const BASES = (process.env.BENCH_BASES ?? base).split(" ").filter(Boolean);
const WRK_SECONDS = Number(process.env.BENCH_WRK_SECONDS ?? 10);
const WRK_CONNECTIONS = Number(process.env.BENCH_WRK_CONNECTIONS ?? 64);
const HAVE_WRK = spawnSync("wrk", ["--version"]).error === undefined;

function millis(text) {
  const m = text.match(/^([\d.]+)(us|ms|s)$/);
  if (!m) return NaN;
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
}

function runWrk(url, connections, cookie) {
  return new Promise((resolve, reject) => {
    const args = ["-t", "2", "-c", String(connections), "-d", `${WRK_SECONDS}s`, "--latency",
      "-H", `cookie: ${cookie}`, url];
    const p = spawn("wrk", args);
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(out))));
  });
}

async function throughput(session, query) {
  const per = Math.max(1, Math.floor(WRK_CONNECTIONS / BASES.length));
  const outs = await Promise.all(BASES.map((b) => runWrk(`${b}/api/messages${query}`, per, session.cookie)));
  let rps = 0;
  let errors = 0;
  const pct = { 50: 0, 90: 0, 99: 0 };
  for (const out of outs) {
    rps += Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? NaN);
    errors += Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
    errors += Number(out.match(/Socket errors: .*timeout (\d+)/)?.[1] ?? 0);
    for (const p of Object.keys(pct)) {
      const v = millis(out.match(new RegExp(`\\s${p}%\\s+(\\S+)`))?.[1] ?? "");
      pct[p] = Math.max(pct[p], v); // the slower instance's percentile
    }
  }
  return { rps, errors, p50: pct[50], p90: pct[90], p99: pct[99] };
}

function dbSize() {
  if (!dataDir || (process.env.BENCH_STORE ?? "SQLite") !== "SQLite") return "(PostgreSQL: not measured)";
  let total = 0;
  for (const f of readdirSync(dataDir)) {
    if (f.startsWith("minsida.sqlite")) total += statSync(join(dataDir, f)).size;
  }
  return `${(total / 1024 / 1024).toFixed(1)} MiB`;
}

const ms = (v) => `${v.toFixed(1)} ms`.padStart(10);

console.error(`Delivering ${MESSAGES} messages to ${PERSON} (concurrency ${CONCURRENCY})...`);
const deliverySeconds = await deliverAll(base, MESSAGES, CONCURRENCY);
// On PostgreSQL: the planner's statistics after the bulk load, as autovacuum would gather
// them soon after (without them it plans a search as if the person had one message).
if (process.env.BENCH_POSTGRES_URL) {
  console.error("ANALYZE after the bulk load...");
  const analyze = spawnSync("psql", [process.env.BENCH_POSTGRES_URL, "-qc", process.env.BENCH_ANALYZE ?? "ANALYZE"], { stdio: "inherit" });
  if (analyze.status !== 0) throw new Error("psql ANALYZE failed");
}
const session = await login(base);
console.error("Measuring the inbox API...");
const scenarios = [
  ["first page", "?page_size=25"],
  ["page 200", "?page=200&page_size=25"],
  ["unread folder", "?folder=unread"],
  ["search q=årsbesked", `?q=${encodeURIComponent("årsbesked")}`],
  ["search q=flytt beslut", `?q=${encodeURIComponent("flytt beslut")}`],
];
const results = [];
for (const [name, query] of scenarios) {
  results.push([name, await latency(session, query)]);
}
const loads = [];
if (HAVE_WRK && WRK_SECONDS > 0) {
  console.error(`Throughput with wrk: ${WRK_CONNECTIONS} connections over ${BASES.length} instance(s), ${WRK_SECONDS} s per scenario...`);
  for (const [name, query] of scenarios) {
    loads.push([name, await throughput(session, query)]);
  }
}
console.error(`Uploading ${UPLOADS} files of 20 MiB...`);
const up = await uploads(session);

console.log("");
console.log(`Min sida message benchmark — ${binary}, ${process.env.BENCH_STORE ?? "SQLite"}`);
console.log(`Delivered ${MESSAGES} messages in ${deliverySeconds.toFixed(1)} s ` +
  `(${(MESSAGES / deliverySeconds).toFixed(0)} messages/s, concurrency ${CONCURRENCY}); database ${dbSize()}`);
console.log("");
console.log("Inbox API (GET /api/messages, sequential)   requests      p50       p95       max   total hits");
for (const [name, r] of results) {
  console.log(
    `  ${name.padEnd(40)} ${String(r.n).padStart(8)} ${ms(r.p50)}${ms(r.p95)}${ms(r.max)} ${String(r.total).padStart(8)}`,
  );
}
const all = stats(results.flatMap(([, r]) => [r.p50])); // for a one-line summary
console.log(`  (${results.reduce((a, [, r]) => a + r.n, 0)} requests in total; median of the scenario medians ${all.p50.toFixed(1)} ms)`);
if (loads.length) {
  console.log("");
  console.log(`Throughput (wrk, ${WRK_CONNECTIONS} connections over ${BASES.length} instance(s), ${WRK_SECONDS} s each)`);
  console.log("                                            req/s      p50       p90       p99    errors");
  for (const [name, r] of loads) {
    console.log(
      `  ${name.padEnd(40)} ${r.rps.toFixed(0).padStart(6)} ${ms(r.p50)}${ms(r.p90)}${ms(r.p99)} ${String(r.errors).padStart(8)}`,
    );
  }
} else if (!HAVE_WRK) {
  console.log("(wrk is not installed: no throughput figures; apt-get install wrk)");
}
console.log("");
console.log("Uploads (POST /api/uploads, 20 MiB PDF-prefixed, sequential)");
console.log(`  ${UPLOADS} uploads: p50 ${up.p50.toFixed(0)} ms, p95 ${up.p95.toFixed(0)} ms, max ${up.max.toFixed(0)} ms; ` +
  `throughput ${up.mibPerSec.toFixed(1)} MiB/s (stream + SHA-256 + AES-GCM + fsync + DB)`);
