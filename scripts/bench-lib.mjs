// Shared pieces of the benchmark clients (Node 20+, global fetch, no dependencies):
// delivering messages through the agency system API and logging in with the test identity
// provider.

export const SYSTEM_KEY = "demo-system-key-0000000000000000000000000000";
export const PERSON = "198112189876"; // Anna Andersson

export const now = () => performance.now();

export async function check(res, what) {
  if (!res.ok) {
    throw new Error(`${what}: ${res.status} ${await res.text()}`);
  }
  return res;
}

const WORDS = ["skatt", "deklaration", "flytt", "beslut", "kvitto", "ansökan", "underlag", "påminnelse"];

function deliveryBody(i) {
  const word = WORDS[i % WORDS.length];
  return JSON.stringify({
    recipient: { personal_number: PERSON },
    sender: "Skatteverket, Benchmark",
    subject: `Meddelande ${i}: ${word}`,
    body:
      `Hej!\n\nDet här är meddelande nummer ${i} om ${word}.\n\n## Detaljer\n` +
      `- Punkt ett för ${word}\n- Punkt två\n\n` +
      "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(4) +
      (i % 100 === 0 ? "\n\nNyckelord: årsbesked" : ""),
  });
}

/** Delivers `count` messages to PERSON with `concurrency` requests at a time; seconds taken. */
export async function deliverAll(base, count, concurrency) {
  let next = 0;
  const start = now();
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const res = await fetch(`${base}/api/system/v1/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${SYSTEM_KEY}`, "content-type": "application/json" },
        body: deliveryBody(i),
      });
      await check(res, `delivery ${i}`);
      await res.arrayBuffer();
      if (i > 0 && i % 2000 === 0) process.stderr.write(`  delivered ${i}\n`);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (now() - start) / 1000;
}

/** Logs PERSON in with the test identity provider: the session cookie and CSRF token. */
export async function login(base) {
  const res = await check(
    await fetch(`${base}/api/auth/test/login`, {
      method: "POST",
      headers: { origin: base, "content-type": "application/json" },
      body: JSON.stringify({ personal_number: PERSON }),
    }),
    "login",
  );
  const cookie = res.headers.getSetCookie()[0].split(";")[0];
  const info = await res.json();
  return { cookie, csrf: info.csrf_token };
}

/** The session cookie's session is still live: GET /api/session answers 200. */
export async function sessionValid(base, cookie) {
  const res = await fetch(`${base}/api/session`, { headers: { cookie } });
  await res.arrayBuffer();
  return res.status === 200;
}

/** GET of an API path with the session cookie; the parsed JSON body. */
export async function getJson(base, path, cookie) {
  const res = await check(await fetch(`${base}${path}`, { headers: { cookie } }), `GET ${path}`);
  return res.json();
}

/** The median of the numbers (the mean of the middle two for an even count); NaN when empty. */
export function median(values) {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
