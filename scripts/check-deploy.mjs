// Checks the example deployment files in deploy/ against the server they deploy:
//
//   node scripts/check-deploy.mjs target/debug/minsida-server
//
// - every Kubernetes manifest parses as YAML and names its apiVersion, kind and name;
// - every MINSIDA_* variable they (and the Containerfile) set is one the server reads
//   (its --help lists them), and secrets come from Secrets, never from the ConfigMap;
// - the Deployment probes the liveness and readiness routes and runs as a non-root user with
//   a read-only root file system; its grace period outlasts the server's shutdown grace;
// - the Containerfile uses known instructions, copies only from stages it defines, builds the
//   profile Cargo.toml defines and sets the user and entry point.
// Exits 1 naming every problem.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(new URL("../e2e/package.json", import.meta.url));
const YAML = require("yaml");
const root = new URL("..", import.meta.url).pathname;
const binary = process.argv[2];
if (!binary) {
  console.error("usage: node scripts/check-deploy.mjs <minsida-server binary>");
  process.exit(2);
}
const help = execFileSync(binary, ["--help"], { encoding: "utf8" });
const known = new Set([...help.matchAll(/env: (MINSIDA_[A-Z0-9_]+)/g)].map((m) => m[1]));
const SECRET = /KEY$|SECRET|PASSWORD|DATABASE_URL|OIDC_PROVIDERS|SYSTEM_API_KEYS/;
const problems = [];
const problem = (where, what) => problems.push(`${where}: ${what}`);

function checkVariable(where, name, fromSecret) {
  if (!name.startsWith("MINSIDA_")) return;
  if (!known.has(name)) problem(where, `${name} is not a setting of minsida-server`);
  if (SECRET.test(name) && !name.endsWith("_FILE") && !name.endsWith("_KEY_ID") && !fromSecret) {
    problem(where, `${name} is a secret: take it from a Secret or a file`);
  }
}

// --- Kubernetes -----------------------------------------------------------------------
const k8sDir = join(root, "deploy", "kubernetes");
const docs = [];
for (const file of readdirSync(k8sDir).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const doc of YAML.parseAllDocuments(readFileSync(join(k8sDir, file), "utf8"))) {
    if (doc.errors.length) {
      for (const e of doc.errors) problem(file, e.message);
      continue;
    }
    const value = doc.toJS();
    if (!value) continue;
    const where = `${file} ${value.kind ?? "?"}/${value.metadata?.name ?? "?"}`;
    for (const key of ["apiVersion", "kind"]) if (!value[key]) problem(where, `no ${key}`);
    if (!value.metadata?.name) problem(where, "no metadata.name");
    docs.push({ where, value });
  }
}
const of = (kind) => docs.filter((d) => d.value.kind === kind);
for (const { where, value } of of("ConfigMap")) {
  for (const name of Object.keys(value.data ?? {})) checkVariable(where, name, false);
}
const deployments = of("Deployment");
if (deployments.length !== 1) problem("deploy/kubernetes", "expected one Deployment");
for (const { where, value } of deployments) {
  const pod = value.spec?.template?.spec ?? {};
  const labels = value.spec?.template?.metadata?.labels ?? {};
  const selector = value.spec?.selector?.matchLabels ?? {};
  for (const [k, v] of Object.entries(selector)) {
    if (labels[k] !== v) problem(where, `selector ${k}=${v} does not match the pod's labels`);
  }
  if (pod.securityContext?.runAsNonRoot !== true) problem(where, "pods must run as non-root");
  const grace = Number(of("ConfigMap")[0]?.value.data?.MINSIDA_SHUTDOWN_GRACE_SECS ?? 30);
  if (!(pod.terminationGracePeriodSeconds > grace)) {
    problem(where, `terminationGracePeriodSeconds must exceed the server's ${grace} s`);
  }
  for (const c of pod.containers ?? []) {
    for (const e of c.env ?? []) checkVariable(where, e.name, Boolean(e.valueFrom?.secretKeyRef));
    for (const ref of c.envFrom ?? []) {
      const name = ref.configMapRef?.name;
      if (name && !of("ConfigMap").some((d) => d.value.metadata.name === name)) {
        problem(where, `envFrom names a ConfigMap ${name} that is not defined`);
      }
    }
    if (c.livenessProbe?.httpGet?.path !== "/api/health/live") problem(where, "liveness must probe /api/health/live");
    if (c.readinessProbe?.httpGet?.path !== "/api/health/ready") problem(where, "readiness must probe /api/health/ready");
    if (c.securityContext?.readOnlyRootFilesystem !== true) problem(where, "the root file system must be read-only");
    if (c.securityContext?.allowPrivilegeEscalation !== false) problem(where, "no privilege escalation");
    const ports = new Set((c.ports ?? []).map((p) => p.name));
    for (const probe of [c.livenessProbe, c.readinessProbe]) {
      if (probe?.httpGet && !ports.has(probe.httpGet.port)) problem(where, `probe port ${probe.httpGet.port} is not a container port`);
    }
  }
}
for (const { where, value } of of("Service")) {
  const pods = deployments.map((d) => d.value.spec.template.metadata.labels);
  const matches = pods.some((labels) => Object.entries(value.spec?.selector ?? {}).every(([k, v]) => labels[k] === v));
  if (!matches) problem(where, "its selector matches no pod of the Deployment");
}

// --- Containerfile ----------------------------------------------------------------------
const INSTRUCTIONS = new Set(["FROM", "RUN", "COPY", "WORKDIR", "USER", "ENV", "EXPOSE", "ENTRYPOINT", "CMD", "ARG", "LABEL"]);
const containerfile = readFileSync(join(root, "deploy", "Containerfile"), "utf8")
  .replace(/\\\n/g, " ")
  .split("\n")
  .filter((l) => l.trim() && !l.trim().startsWith("#"));
const stages = new Set();
let user = null;
let entrypoint = null;
for (const line of containerfile) {
  const [instruction, ...rest] = line.trim().split(/\s+/);
  const args = rest.join(" ");
  const where = `deploy/Containerfile ${instruction}`;
  if (!INSTRUCTIONS.has(instruction)) problem(where, "unknown instruction");
  if (instruction === "FROM") {
    const m = args.match(/ AS (\S+)$/i);
    if (m) stages.add(m[1]);
  }
  if (instruction === "COPY") {
    const from = args.match(/--from=(\S+)/);
    if (from && !stages.has(from[1])) problem(where, `copies from an unknown stage ${from[1]}`);
  }
  if (instruction === "ENV") {
    for (const m of args.matchAll(/(MINSIDA_[A-Z0-9_]+)=/g)) checkVariable(where, m[1], false);
  }
  if (instruction === "USER") user = args;
  if (instruction === "ENTRYPOINT") {
    try {
      entrypoint = JSON.parse(args);
    } catch {
      problem(where, "must be a JSON array (exec form)");
    }
  }
  if (instruction === "RUN") {
    const profile = args.match(/--profile (\S+)/);
    const cargoToml = readFileSync(join(root, "Cargo.toml"), "utf8");
    if (profile && !cargoToml.includes(`[profile.${profile[1]}]`)) problem(where, `no profile ${profile[1]} in Cargo.toml`);
  }
}
if (!user || user === "root" || user === "0") problem("deploy/Containerfile", "must run as an unprivileged USER");
if (!entrypoint?.[0]?.endsWith("minsida-server")) problem("deploy/Containerfile", "the entry point must be minsida-server");

if (problems.length) {
  console.error(problems.map((p) => `deploy: ${p}`).join("\n"));
  process.exit(1);
}
console.log(`deploy: ${docs.length} Kubernetes objects and the Containerfile check out against minsida-server --help (${known.size} settings)`);
