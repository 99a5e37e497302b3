// Benchmark client for scripts/bench-wal (Node 20+, wrk on PATH, no npm packages).
//
// usage: node scripts/bench-wal.mjs <base url> <binary> <data dir>

import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

import { deliverAll, login } from "./bench-lib.mjs";

const [base, binary, dataDir] = process.argv.slice(2);
if (!base || !dataDir) {
  console.error("usage: node scripts/bench-wal.mjs http://127.0.0.1:PORT BINARY DATA_DIR");
  process.exit(2);
}
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30); // per wrk run; four runs
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 20);

const DB = join(dataDir, "minsida.sqlite");
const WAL = `${DB}-wal`;
const size = (path) => (existsSync(path) ? statSync(path).size : 0);
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function health() {
  const res = await fetch(`${base}/api/health`);
  return res.ok ? res.json() : {};
}

// Samples the log's size and the server's checkpoints every 250 ms while the load runs.
const seen = { peakWal: 0, checkpoints: new Map() };
let sampling = true;
async function sample() {
  while (sampling) {
    seen.peakWal = Math.max(seen.peakWal, size(WAL));
    const cp = (await health()).database?.last_checkpoint;
    if (cp) seen.checkpoints.set(`${cp.at}/${cp.busy}/${cp.log_frames}/${cp.truncate_ms}`, cp);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function wrk(path, connections, cookie) {
  return new Promise((resolve, reject) => {
    const args = ["--latency", "-t", "2", "-c", String(connections), "-d", `${SECONDS}s`,
      "-H", `cookie: ${cookie}`, `${base}${path}`];
    const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`wrk exited with ${code}`));
      const latency = (p) => out.match(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m"))?.[1] ?? "?";
      const rps = out.match(/Requests\/sec:\s+(\S+)/)?.[1] ?? "?";
      const errors = out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? "0";
      resolve({ rps, p50: latency(50), p99: latency(99), errors });
    });
  });
}

console.error(`Delivering ${MESSAGES} messages (concurrency ${CONCURRENCY})...`);
const deliverySeconds = await deliverAll(base, MESSAGES, CONCURRENCY);
const afterDelivery = { db: size(DB), wal: size(WAL) };
const session = await login(base);
const sampler = sample();
const runs = [];
for (const connections of [8, 64]) {
  for (const [name, path] of [["inbox first page", "/api/messages?page_size=25"], ["/api/me", "/api/me"]]) {
    console.error(`wrk ${name}, ${connections} connections, ${SECONDS} s...`);
    runs.push({ name, connections, ...(await wrk(path, connections, session.cookie)) });
  }
}
const afterLoad = { db: size(DB), wal: size(WAL) };
// Give the server's checkpoint task (every 5 s) time to act on a quiet database.
const settleUntil = Date.now() + SETTLE_SECONDS * 1000;
while (Date.now() < settleUntil && size(WAL) > 0) {
  await new Promise((resolve) => setTimeout(resolve, 500));
}
sampling = false;
await sampler;
const settled = { db: size(DB), wal: size(WAL) };
const inbox = await fetch(`${base}/api/messages?page_size=1`, { headers: { cookie: session.cookie } });
const messages = (await inbox.json()).total;

console.log("");
console.log(`Min sida write-ahead log benchmark — ${binary}`);
console.log(`Delivered ${MESSAGES} messages in ${deliverySeconds.toFixed(1)} s; the inbox holds ${messages}`);
console.log("");
console.log("load (wrk, 2 threads)                      req/s      p50       p99   non-2xx");
for (const r of runs) {
  console.log(`  ${`${r.name}, ${r.connections} conn`.padEnd(38)} ${r.rps.padStart(8)} ${r.p50.padStart(8)} ${r.p99.padStart(9)} ${r.errors.padStart(8)}`);
}
console.log("");
console.log("sizes                                   database        log");
console.log(`  after delivery                       ${mib(afterDelivery.db).padStart(10)} ${mib(afterDelivery.wal).padStart(10)}`);
console.log(`  right after the load                 ${mib(afterLoad.db).padStart(10)} ${mib(afterLoad.wal).padStart(10)}`);
console.log(`  ${`${SETTLE_SECONDS} s later (or once empty)`.padEnd(36)} ${mib(settled.db).padStart(10)} ${mib(settled.wal).padStart(10)}`);
console.log(`  largest log seen during the load                 ${mib(seen.peakWal).padStart(10)}`);
const cps = [...seen.checkpoints.values()];
if (!("database" in (await health()))) {
  console.log("\nthis server reports no checkpoints in /api/health (it has no checkpoint task)");
} else if (cps.length === 0) {
  console.log("\nno checkpoint was due: the log stayed under the threshold");
} else {
  const done = cps.filter((c) => !c.busy);
  const ms = done.map((c) => c.truncate_ms).sort((a, b) => a - b);
  console.log(`\ncheckpoints seen: ${cps.length} (${cps.length - done.length} postponed as busy); ` +
    `TRUNCATE step held writers for ` +
    (ms.length ? `median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms[ms.length - 1]} ms` : "-") +
    `; frames per checkpoint up to ${Math.max(0, ...done.map((c) => c.passive_frames + c.checkpointed_frames))}`);
}
