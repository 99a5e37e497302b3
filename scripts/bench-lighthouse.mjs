// Lighthouse client for scripts/bench-lighthouse (Node 20+; Lighthouse and chrome-launcher from
// the npm project in scripts/lighthouse/, which the wrapper installs with npm ci).
//
// usage: node scripts/bench-lighthouse.mjs <base url> [binary] [--runs N] [--routes REGEX]
//
// Runs Lighthouse's default (mobile) profile - simulated slow 4G, 4x CPU slowdown, Moto G Power
// screen - with the performance, accessibility and best-practices categories on every route,
// logged out and logged in as Anna (the session cookie is sent as an extra header), each route
// N times in a fresh Chromium, and prints the median of each metric per route as a Markdown
// table, the goals missed and the audits that failed there. The full results go to a JSON
// file under /tmp.

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { PERSON, getJson, login, median, sessionValid } from "./bench-lib.mjs";

const require = createRequire(new URL("./lighthouse/package.json", import.meta.url));
const { default: lighthouse } = await import(pathToFileURL(require.resolve("lighthouse")));
const chromeLauncher = await import(pathToFileURL(require.resolve("chrome-launcher")));

const USAGE =
  "usage: node scripts/bench-lighthouse.mjs http://127.0.0.1:PORT [BINARY] [--runs N] [--routes REGEX]";
const positional = [];
let runs = 3;
let routeFilter = null;
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (arg === "--runs") {
    runs = Number(process.argv[++i]);
    if (!Number.isInteger(runs) || runs < 1) {
      console.error(`--runs wants a whole number of at least 1\n${USAGE}`);
      process.exit(2);
    }
  } else if (arg === "--routes") {
    const pattern = process.argv[++i];
    if (pattern === undefined) {
      console.error(`--routes wants a regular expression\n${USAGE}`);
      process.exit(2);
    }
    routeFilter = new RegExp(pattern);
  } else if (arg.startsWith("--")) {
    console.error(`unknown option ${arg}\n${USAGE}`);
    process.exit(2);
  } else {
    positional.push(arg);
  }
}
const [base, binary = "?"] = positional;
if (!base) {
  console.error(USAGE);
  process.exit(2);
}

const CHROME_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";
const CHROME_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const CATEGORIES = ["performance", "accessibility", "best-practices"];

// The goals of issue 12 ("Fast on a cheap phone").
const GOALS = {
  performance: { label: "performance ≥ 95", ok: (v) => v >= 95 },
  accessibility: { label: "accessibility 100", ok: (v) => v >= 100 },
  "best-practices": { label: "best practices 100", ok: (v) => v >= 100 },
  lcp: { label: "LCP ≤ 2.0 s", ok: (v) => v <= 2000 },
  tbt: { label: "TBT ≤ 150 ms", ok: (v) => v <= 150 },
  cls: { label: "CLS 0", ok: (v) => v === 0 },
};
// An audit counts as failed when its score is below this (Lighthouse shows < 0.9 as not passed;
// accessibility and best-practices audits are pass/fail).
const AUDIT_PASS = { performance: 0.9, accessibility: 1, "best-practices": 1 };

// The pages (paths from src/app.rs and src/pages/*/mod.rs, the *_PATH constants).
const LOGGED_OUT = [
  "/", // HOME_PATH: the start page for a visitor
  "/logga-in", // LOGIN_PATH
  "/tillganglighet", // ACCESSIBILITY_PATH
  "/tillganglighetsredogorelse", // STATEMENT_PATH: the accessibility statement
  "/synpunkter", // FEEDBACK_PATH: feedback, logged out
];
// Logged in as Anna; ":message" and ":matter" stand for one of her messages and matters, found
// through the API.
const LOGGED_IN = [
  "/", // HOME_PATH: the start page when logged in
  "/meddelanden", // INBOX_PATH
  "/meddelanden/:message", // one message
  "/arenden", // MATTERS_PATH
  "/arenden/:matter", // one matter
  "/mina-uppgifter", // PERSONAL_PATH
  "/kontaktval", // CHANNELS_PATH: the channel preferences
  "/agera-for", // CHOOSE_PARTY_PATH: representation
  "/ombud", // GRANTS_PATH: representation
  "/atkomstlogg", // ACCESS_LOG_PATH: representation
  "/synpunkter", // FEEDBACK_PATH: feedback, with the person's matters to choose from
  "/e-tjanster", // ESERVICES_PATH: the e-services the person may use
  "/e-tjanster/flyttanmalan/sida/nuvarande", // a question page, with prefilled answers
];

/** The paths with ":message" and ":matter" replaced by ids of the logged-in person's own. */
async function resolvePaths(paths, cookie) {
  const ids = {};
  if (paths.some((p) => p.includes(":message"))) {
    const inbox = await getJson(base, "/api/messages?page_size=25", cookie);
    const message = inbox.messages.find((m) => m.direction === "incoming") ?? inbox.messages[0];
    if (!message) throw new Error(`the demo person ${PERSON} has no messages`);
    ids.message = message.id;
  }
  if (paths.some((p) => p.includes(":matter"))) {
    const { matters } = await getJson(base, "/api/matters", cookie);
    if (!matters.length) throw new Error(`the demo person ${PERSON} has no matters`);
    ids.matter = matters[0].id;
  }
  return paths.map((p) => p.replace(/:(message|matter)\b/, (_, name) => String(ids[name])));
}

const label = (route) => `${route.path} (logged ${route.loggedIn ? "in" : "out"})`;
// In the table: where the page ended up when the app navigated elsewhere (in every run).
const shownLabel = ({ route, samples }) => {
  const ends = new Set(samples.map((s) => (s.finalUrl ? new URL(s.finalUrl).pathname : route.path)));
  const [end] = ends;
  if (ends.size !== 1 || end === route.path) return label(route);
  return label({ ...route, path: `${route.path} → ${end}` });
};

async function lighthouseRun(url, extraHeaders) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
  try {
    const flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: CATEGORIES,
      ...(extraHeaders ? { extraHeaders } : {}),
    };
    // No config: Lighthouse's default, the mobile profile.
    const result = await lighthouse(url, flags);
    if (!result?.lhr) throw new Error(`Lighthouse gave no result for ${url}`);
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

/** The numbers of one run, and the audits below their pass mark in each category. */
function summarise(lhr) {
  const score = (id) => {
    const s = lhr.categories[id]?.score;
    return s === null || s === undefined ? NaN : Math.round(s * 100);
  };
  const numeric = (id) => lhr.audits[id]?.numericValue ?? NaN;
  const failed = {};
  for (const id of CATEGORIES) {
    failed[id] = [];
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || ref.group === "hidden") continue;
      // Audits of weight 0 do not count towards the accessibility and best-practices scores; in
      // performance only the metrics do, and the diagnostics (weight 0) say what to fix.
      if (id !== "performance" && ref.weight === 0) continue;
      if (["informative", "notApplicable", "manual"].includes(audit.scoreDisplayMode)) continue;
      if (audit.score >= AUDIT_PASS[id]) continue;
      const details = [];
      for (const item of audit.details?.items ?? []) {
        // What to look at: the console message, or the element (accessibility).
        if (ref.id === "errors-in-console") {
          details.push(`${item.description ?? ""} ${item.sourceLocation?.url ?? item.url ?? ""}`.trim());
        } else if (item.node?.snippet) {
          details.push(`${item.node.selector ?? ""} ${item.node.snippet}`.trim());
        }
      }
      failed[id].push({ id: ref.id, title: audit.title, displayValue: audit.displayValue ?? "", details });
    }
  }
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    "best-practices": score("best-practices"),
    lcp: numeric("largest-contentful-paint"),
    tbt: numeric("total-blocking-time"),
    cls: numeric("cumulative-layout-shift"),
    bytes: numeric("total-byte-weight"),
    finalUrl: lhr.finalDisplayedUrl,
    // API requests the server refused as not logged in (a logged-in run must have none).
    unauthorized: (lhr.audits["network-requests"]?.details?.items ?? [])
      .filter((r) => r.statusCode === 401 && new URL(r.url).pathname.startsWith("/api/"))
      .map((r) => new URL(r.url).pathname),
    runtimeError: lhr.runtimeError?.message ?? null,
    runWarnings: lhr.runWarnings ?? [],
    failed,
  };
}

const METRICS = ["performance", "accessibility", "best-practices", "lcp", "tbt", "cls", "bytes"];

function medians(samples) {
  const m = {};
  for (const key of METRICS) m[key] = median(samples.map((s) => s[key]));
  // Rounded like Lighthouse shows them, so that "CLS 0" means what the report shows.
  for (const key of ["performance", "accessibility", "best-practices"]) m[key] = Math.round(m[key]);
  m.cls = Math.round(m.cls * 1000) / 1000;
  return m;
}

const fmt = {
  performance: (v) => String(v),
  accessibility: (v) => String(v),
  "best-practices": (v) => String(v),
  lcp: (v) => `${(v / 1000).toFixed(1)} s`,
  tbt: (v) => `${Math.round(v)} ms`,
  cls: (v) => v.toFixed(3),
  bytes: (v) => `${(v / 1024).toFixed(0)} KiB`,
};
const missedGoal = (key, v) => GOALS[key] !== undefined && !GOALS[key].ok(v);
const cell = (key, v) => (Number.isNaN(v) ? "?" : fmt[key](v) + (missedGoal(key, v) ? " ✗" : ""));

// --- the run ---------------------------------------------------------------------------------

const started = Date.now();
// --routes picks by the label, e.g. "/meddelanden/:message (logged in)" before the ids are known.
const picked = (route) => !routeFilter || routeFilter.test(label(route));
let routes = LOGGED_OUT.map((path) => ({ path, loggedIn: false })).filter(picked);
const loggedInPaths = LOGGED_IN.filter((path) => picked({ path, loggedIn: true }));
let session = null;
if (loggedInPaths.length) {
  session = await login(base);
  const paths = await resolvePaths(loggedInPaths, session.cookie);
  routes = routes.concat(paths.map((path) => ({ path, loggedIn: true })));
}
if (!routes.length) {
  console.error(`bench-lighthouse: no route matches --routes ${routeFilter}`);
  process.exit(2);
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
console.error(
  `bench-lighthouse: ${plural(routes.length, "route")} × ${plural(runs, "run")} ` +
    `(Lighthouse ${lighthouseVersion()}, ${CHROME_PATH})`,
);
const results = [];
const notLoggedIn = new Set();
for (const route of routes) {
  const url = `${base}${route.path}`;
  const extraHeaders = route.loggedIn ? { Cookie: session.cookie } : null;
  const samples = [];
  const lhrs = [];
  for (let i = 0; i < runs; i++) {
    const t = Date.now();
    const lhr = await lighthouseRun(url, extraHeaders);
    const s = summarise(lhr);
    samples.push(s);
    lhrs.push(lhr);
    const finalPath = s.finalUrl ? new URL(s.finalUrl).pathname : "?";
    let note = "";
    if (s.runtimeError) note = ` ERROR ${s.runtimeError}`;
    else if (finalPath !== route.path) note = ` (ended on ${finalPath})`;
    if (route.loggedIn && s.unauthorized.length) {
      note += ` NOT LOGGED IN (401 from ${[...new Set(s.unauthorized)].join(", ")})`;
      notLoggedIn.add(label(route));
    }
    console.error(
      `  ${label(route)} run ${i + 1}/${runs}: ${s.performance}/${s.accessibility}/${s["best-practices"]}, ` +
        `LCP ${cell("lcp", s.lcp)}, TBT ${cell("tbt", s.tbt)}, CLS ${cell("cls", s.cls)}, ` +
        `${cell("bytes", s.bytes)} in ${((Date.now() - t) / 1000).toFixed(0)} s${note}`,
    );
  }
  // A logged-in page measured after the session ended would be the logged-out page.
  if (route.loggedIn && !(await sessionValid(base, session.cookie))) {
    throw new Error(
      `the session ended while measuring ${route.path}: the numbers would be of a logged-out page`,
    );
  }
  results.push({ route, samples, median: medians(samples), lhrs });
}
const sessionStillValid = session ? await sessionValid(base, session.cookie) : null;
const seconds = (Date.now() - started) / 1000;

// --- the report ------------------------------------------------------------------------------

const out = join(tmpdir(), `minsida-lighthouse-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(
  out,
  JSON.stringify(
    {
      base,
      binary,
      lighthouse: lighthouseVersion(),
      chrome: CHROME_PATH,
      runs,
      seconds,
      sessionStillValid,
      results: results.map(({ route, samples, median: m, lhrs }) => ({
        route: label(route),
        median: m,
        samples,
        lhrs,
      })),
    },
  ),
);

console.log("");
console.log(`Min sida Lighthouse benchmark — ${binary}`);
console.log(
  `Lighthouse ${lighthouseVersion()}, mobile profile (simulated slow 4G, 4× CPU slowdown), ` +
    `median of ${plural(runs, "run")} per route; ✗ = goal missed`,
);
console.log("");
console.log("| route | performance | accessibility | best practices | LCP | TBT | CLS | bytes |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const result of results) {
  const m = result.median;
  console.log(`| ${shownLabel(result)} | ${METRICS.map((k) => cell(k, m[k])).join(" | ")} |`);
}
console.log("");

const missed = [];
for (const result of results) {
  const { route, median: m, samples } = result;
  const goals = Object.entries(GOALS).filter(([k]) => !Number.isNaN(m[k]) && missedGoal(k, m[k]));
  if (!goals.length) continue;
  missed.push(route);
  const what = goals.map(([k, g]) => `${g.label} (${fmt[k](m[k])})`);
  console.log(`${shownLabel(result)}: missed ${what.join(", ")}`);
  for (const id of CATEGORIES) {
    if (GOALS[id].ok(m[id])) continue;
    // Every audit that failed in any run, with in how many runs.
    const seen = new Map();
    for (const s of samples) {
      for (const f of s.failed[id]) {
        const entry = seen.get(f.id) ?? { ...f, runs: 0, details: new Set() };
        entry.runs++;
        f.details.forEach((d) => entry.details.add(d));
        seen.set(f.id, entry);
      }
    }
    for (const f of seen.values()) {
      const value = f.displayValue ? ` — ${f.displayValue}` : "";
      console.log(`  ${id}: ${f.id} (${f.runs}/${samples.length} runs)${value}`);
      for (const d of [...f.details].slice(0, 5)) console.log(`      ${d}`);
    }
  }
}
console.log("");
console.log(
  missed.length
    ? `Goals missed on ${missed.length} of ${results.length} routes.`
    : `All goals met on all ${results.length} routes.`,
);
if (session) {
  const state = sessionStillValid ? "still valid" : "NOT VALID (the logged-in numbers are suspect)";
  console.log(`Session after the runs: ${state}.`);
}
const warnings = new Set(results.flatMap((r) => r.samples.flatMap((s) => s.runWarnings)));
for (const w of warnings) console.log(`Lighthouse warning: ${w}`);
for (const l of notLoggedIn) console.log(`${l}: the API answered 401 in some runs - measured logged out?`);
console.log(
  `${plural(results.length, "route")} × ${plural(runs, "run")} in ${(seconds / 60).toFixed(1)} min; ` +
    `full results: ${out}`,
);

function lighthouseVersion() {
  return require("lighthouse/package.json").version;
}
