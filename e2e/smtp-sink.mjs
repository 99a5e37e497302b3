// A real local SMTP server that keeps every mail it receives in memory, for the end-to-end
// tests: the app server sends its e-mail here over plain SMTP (as it would to a relay), and
// the tests read what arrived through a small HTTP API. Started by Playwright (webServer in
// playwright.config.ts) before the app server. Listens on 127.0.0.1 only.
//
//   SMTP on SMTP_SINK_PORT       (default E2E_PORT + 1000, i.e. 19080)
//   HTTP on SMTP_SINK_HTTP_PORT  (default E2E_PORT + 1001, i.e. 19081)
//     GET    /health   200 "ok"
//     GET    /mails    every mail received, oldest first, as JSON; `?to=<address>` keeps the
//                      mails with that envelope recipient (case-insensitive)
//     DELETE /mails    forget every mail received so far
//
// Each mail: { id, receivedAt, envelope: { from, to[] }, from, to[], subject, messageId,
// date, text, html, headers: { lower-case name: value }, raw } — `raw` is the whole message
// as received (RFC 5322 source), `text`/`html` the decoded bodies.

import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import * as http from 'node:http';

const HOST = '127.0.0.1';
const basePort = Number(process.env.E2E_PORT ?? 18080);
const smtpPort = Number(process.env.SMTP_SINK_PORT ?? basePort + 1000);
const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? basePort + 1001);
// Large enough for any notice; a runaway sender is refused instead of filling memory.
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** @type {Array<Record<string, unknown>>} */
let mails = [];
let nextId = 1;

/** Header values as JSON-friendly strings (address objects as their text form). */
function headerValue(value) {
  if (value == null) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(headerValue);
  if (typeof value === 'object' && 'text' in value) return value.text;
  if (typeof value === 'object' && 'value' in value) {
    const params = value.params ? Object.entries(value.params).map(([k, v]) => `; ${k}=${v}`).join('') : '';
    return `${value.value}${params}`;
  }
  return String(value);
}

function addresses(field) {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value ?? []).map((a) => a.address ?? '').filter(Boolean);
}

const smtp = new SMTPServer({
  name: 'smtp-sink.e2e.local',
  banner: 'Min sida e2e SMTP sink',
  // Plain SMTP on the loopback interface, like a local relay: no TLS, any (or no) login.
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: true,
  allowInsecureAuth: true,
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username ?? 'anonymous' });
  },
  size: MAX_MESSAGE_BYTES,
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('error', callback);
    stream.on('end', async () => {
      if (stream.sizeExceeded) {
        const err = new Error('Message exceeds the size limit');
        // @ts-ignore smtp-server reads responseCode
        err.responseCode = 552;
        callback(err);
        return;
      }
      const raw = Buffer.concat(chunks);
      try {
        const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
        const headers = {};
        for (const [name, value] of parsed.headers) headers[name] = headerValue(value);
        const mail = {
          id: nextId++,
          receivedAt: new Date().toISOString(),
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          from: addresses(parsed.from)[0] ?? null,
          to: addresses(parsed.to),
          subject: parsed.subject ?? '',
          messageId: parsed.messageId ?? null,
          date: parsed.date ? parsed.date.toISOString() : null,
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          headers,
          raw: raw.toString('utf8'),
        };
        mails.push(mail);
        console.log(`smtp-sink: mail ${mail.id} from ${mail.envelope.from} to ${mail.envelope.to.join(', ')}`);
        callback(null, `Queued as ${mail.id}`);
      } catch (err) {
        console.error('smtp-sink: could not parse a mail:', err);
        callback(err);
      }
    });
  },
});
smtp.on('error', (err) => console.error('smtp-sink: SMTP error:', err.message));

function send(res, status, body, type = 'application/json; charset=utf-8') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

const api = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${HOST}:${httpPort}`);
  if (url.pathname === '/health' && req.method === 'GET') {
    send(res, 200, 'ok', 'text/plain; charset=utf-8');
  } else if (url.pathname === '/mails' && req.method === 'GET') {
    const to = url.searchParams.get('to')?.toLowerCase();
    send(res, 200, to ? mails.filter((m) => m.envelope.to.some((a) => a.toLowerCase() === to)) : mails);
  } else if (url.pathname === '/mails' && req.method === 'DELETE') {
    mails = [];
    send(res, 200, { cleared: true });
  } else {
    send(res, 404, { error: 'not found' });
  }
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  api.close();
  smtp.close(() => process.exit(0));
  // Do not wait for lingering SMTP connections longer than a moment.
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

smtp.listen(smtpPort, HOST, () => {
  api.listen(httpPort, HOST, () => {
    console.log(`smtp-sink: SMTP on ${HOST}:${smtpPort}, HTTP API on http://${HOST}:${httpPort}/mails`);
  });
});
