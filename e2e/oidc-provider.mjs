// A real, standards-compliant OpenID Connect provider for tests (npm `oidc-provider`): the
// e-ID broker that Min sida's OpenID Connect login talks to in the Rust integration tests and
// in the end-to-end tests. Never for production: the accounts are made up and their password
// is `test`.
//
//   node e2e/oidc-provider.mjs --port 0 \
//     --redirect-uri http://127.0.0.1:8080/api/auth/oidc/e2e-idp/callback \
//     --post-logout-redirect-uri 'http://127.0.0.1:8080/logga-in?logged_out=1' \
//     [--resource urn:minsida:system-api] [--client-key-pem PATH]
//
// Listens on 127.0.0.1 only (`--port 0`: any free port). The issuer is
// `http://127.0.0.1:<port>`. Prints exactly one line to stdout once it listens,
// `{"issuer":"http://127.0.0.1:<port>"}`; everything else goes to stderr. Exits on SIGTERM and
// SIGINT. Signing keys (RSA-2048 and EC P-256, random `kid`) are new at every start, so a
// restart on the same port is a key rotation.
//
// Clients:
//   minsida / minsida-secret             authorization code + PKCE (S256), ID token RS256
//   minsida-es256 / minsida-es256-secret the same with ID token ES256
//   agency-a / agency-a-secret           client credentials, every minsida:* scope
//   agency-b / agency-b-secret           client credentials, minsida:messages.read only
//   minsida-pkjwt (with --client-key-pem) authorization code like minsida, authenticated with
//                                        private_key_jwt: the public key of the PEM private
//                                        key given (kid minsida-client-1)
// Client-credentials access tokens are JWTs (RFC 9068, RS256) for the resource (`aud`), with
// `client_id` and `scope`, valid 300 s.
//
// Accounts (username = personal identity number, password `test`):
//   198112189876 Anna Andersson (acr loa3), 197010632391 Lars Berg (loa4),
//   191212121212 Tolvan Tolvansson (loa2: too low for Min sida),
//   194906152386 Elsa Ekström (loa3: a valid number that is not in Min sida's register),
//   noclaim (loa3: has no personal_number claim).

import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { parseArgs } from 'node:util';

// Only the issuer line may go to stdout (the Rust tests read it): oidc-provider prints its
// notices with console.info.
const toStderr = (...args) => console.error(...args);
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;

let Provider;
let errors;
try {
  ({ default: Provider, errors } = await import('oidc-provider'));
} catch (e) {
  console.error(
    'oidc-provider.mjs: the npm package oidc-provider is not installed. ' +
      'Run `scripts/setup --e2e` (or `npm ci` in e2e/).',
  );
  console.error(String(e?.message ?? e));
  process.exit(1);
}

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'redirect-uri': { type: 'string', multiple: true, default: [] },
    'post-logout-redirect-uri': { type: 'string', multiple: true, default: [] },
    resource: { type: 'string', default: 'urn:minsida:system-api' },
    'client-key-pem': { type: 'string' },
  },
  strict: true,
});
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`oidc-provider.mjs: --port must be a port number, not ${args.port}`);
  process.exit(2);
}
const redirectUris = args['redirect-uri'];
const postLogoutRedirectUris = args['post-logout-redirect-uri'];
const resource = args.resource;

// The public key of the client that authenticates with private_key_jwt.
let clientKeyJwk = null;
if (args['client-key-pem']) {
  const fs = await import('node:fs');
  const publicKey = crypto.createPublicKey(fs.readFileSync(args['client-key-pem'], 'utf8'));
  clientKeyJwk = { ...publicKey.export({ format: 'jwk' }), kid: 'minsida-client-1', use: 'sig' };
}

const SYSTEM_SCOPES = [
  'minsida:matters.write',
  'minsida:matters.read',
  'minsida:messages.write',
  'minsida:messages.read',
  'minsida:representations.read',
  'minsida:representations.write',
  'minsida:terminals.read',
  'minsida:persons.read',
];

const PASSWORD = 'test';
const ACCOUNTS = new Map(
  [
    { id: '198112189876', given: 'Anna', family: 'Andersson', acr: 'loa3' },
    { id: '197010632391', given: 'Lars', family: 'Berg', acr: 'loa4' },
    { id: '191212121212', given: 'Tolvan', family: 'Tolvansson', acr: 'loa2' },
    { id: '194906152386', given: 'Elsa', family: 'Ekström', acr: 'loa3' },
    { id: 'noclaim', given: 'Utan', family: 'Personnummer', acr: 'loa3', noPersonalNumber: true },
  ].map((a) => [a.id, a]),
);

function signingKeys() {
  const kid = () => crypto.randomBytes(12).toString('base64url');
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  return [
    { ...rsa.export({ format: 'jwk' }), kid: kid(), use: 'sig', alg: 'RS256' },
    { ...ec.export({ format: 'jwk' }), kid: kid(), use: 'sig', alg: 'ES256' },
  ];
}

const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f4f4; color: #1a1a1a; line-height: 1.5; }
  main { max-width: 28rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border: 1px solid #767676; }
  h1 { font-size: 1.5rem; margin-top: 0; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; border: 2px solid #1a1a1a; }
  .buttons { display: flex; gap: 1rem; margin-top: 1.5rem; flex-wrap: wrap; }
  button { font: inherit; padding: .5rem 1.25rem; border: 2px solid #00457a; background: #00457a; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #00457a; }
  button:focus-visible, input:focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }
  .error { color: #a30000; font-weight: 600; border-left: 4px solid #a30000; padding-left: .75rem; }
  .note { color: #4a4a4a; font-size: .9rem; }
`;

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – Test-e-legitimation</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function loginPage(uid, { username = '', error = null } = {}) {
  const describedBy = error ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return page(
    'Logga in',
    `<h1>Logga in med Test-e-legitimation</h1>
<p class="note">Testleverantör av e-legitimation. Alla testkonton har lösenordet <code>test</code>.</p>
${error ? `<p id="login-error" class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}" autocomplete="off">
<label for="username">Användarnamn</label>
<input id="username" name="username" type="text" inputmode="numeric" value="${esc(username)}"${describedBy}>
<label for="password">Lösenord</label>
<input id="password" name="password" type="password"${describedBy}>
<div class="buttons">
<button type="submit" name="action" value="login">Logga in</button>
<button type="submit" name="action" value="cancel" class="secondary">Avbryt</button>
</div>
</form>`,
  );
}

const configuration = {
  clients: [
    {
      client_id: 'minsida',
      client_secret: 'minsida-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
    },
    {
      client_id: 'minsida-es256',
      client_secret: 'minsida-es256-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
    },
    ...(clientKeyJwk
      ? [
          {
            client_id: 'minsida-pkjwt',
            token_endpoint_auth_method: 'private_key_jwt',
            jwks: { keys: [clientKeyJwk] },
            grant_types: ['authorization_code'],
            response_types: ['code'],
            id_token_signed_response_alg: 'RS256',
            redirect_uris: redirectUris,
            post_logout_redirect_uris: postLogoutRedirectUris,
          },
        ]
      : []),
    {
      client_id: 'agency-a',
      client_secret: 'agency-a-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: SYSTEM_SCOPES.join(' '),
    },
    {
      client_id: 'agency-b',
      client_secret: 'agency-b-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: 'minsida:messages.read',
    },
  ],
  jwks: { keys: signingKeys() },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  acrValues: ['loa2', 'loa3', 'loa4'],
  // The agency scopes are listed too: a client's `scope` may only name supported scopes.
  scopes: ['openid', 'personal_number', 'profile', ...SYSTEM_SCOPES],
  responseTypes: ['code'],
  claims: {
    acr: null,
    sid: null,
    auth_time: null,
    iss: null,
    openid: ['sub'],
    personal_number: ['personal_number'],
    profile: ['name', 'given_name', 'family_name'],
  },
  // The ID token carries the claims of the requested scopes (Min sida reads them there).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  ttl: {
    AccessToken: 300,
    AuthorizationCode: 60,
    ClientCredentials: 300,
    Grant: 8 * 3600,
    IdToken: 3600,
    Interaction: 600,
    Session: 8 * 3600,
  },
  async findAccount(ctx, id) {
    const account = ACCOUNTS.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          ...(account.noPersonalNumber ? {} : { personal_number: id }),
          name: `${account.given} ${account.family}`,
          given_name: account.given,
          family_name: account.family,
        };
      },
    };
  },
  // Min sida's clients are first-party: consent is implied. Every requested scope and claim
  // is granted, so the consent prompt never shows.
  async loadExistingGrant(ctx) {
    const { oidc } = ctx;
    const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
    let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
    if (!grant) {
      grant = new oidc.provider.Grant({ accountId: oidc.account.accountId, clientId: oidc.client.clientId });
    }
    grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
    grant.addOIDCClaims([...oidc.requestParamClaims]);
    for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
      const scopes = [...oidc.requestParamScopes].filter((s) => server.scopes.has(s));
      if (scopes.length) grant.addResourceScope(indicator, scopes.join(' '));
    }
    await grant.save();
    return grant;
  },
  interactions: {
    url: (ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.type = 'html';
        ctx.body = page(
          'Logga ut',
          `<h1>Vill du logga ut från Test-e-legitimation?</h1>
${form}
<div class="buttons">
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, logga ut</button>
<button type="submit" form="op.logoutForm" class="secondary">Nej, fortsätt vara inloggad</button>
</div>`,
        );
      },
      async postLogoutSuccessSource(ctx) {
        ctx.type = 'html';
        ctx.body = page('Utloggad', '<h1>Du är utloggad från Test-e-legitimation</h1>');
      },
    },
    resourceIndicators: {
      enabled: true,
      // Only the agency systems get tokens for the resource; the citizens' clients get
      // their access token for userinfo.
      defaultResource(ctx, client, oneOf) {
        if (oneOf) return oneOf;
        return client.grantTypes.includes('client_credentials') ? resource : undefined;
      },
      getResourceServerInfo(ctx, indicator) {
        if (indicator !== resource) {
          throw new errors.InvalidTarget();
        }
        return {
          scope: SYSTEM_SCOPES.join(' '),
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 300,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
      useGrantedResource: () => true,
    },
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page(
      'Fel',
      `<h1>Något gick fel</h1>
<p>${esc(out.error)}${out.error_description ? `: ${esc(out.error_description)}` : ''}</p>`,
    );
  },
};

// Listen first: the issuer needs the actual port.
const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, configuration);
provider.on('server_error', (ctx, err) => console.error('server_error', err));
const providerCallback = provider.callback();

function readForm(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 64 * 1024) {
        reject(new Error('form too large'));
        req.destroy();
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function sendHtml(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
}

// The interaction pages: the provider's own login form.
async function interaction(req, res, uid) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    sendHtml(
      res,
      400,
      page('Inloggningen har gått ut', '<h1>Inloggningen har gått ut</h1><p>Gå tillbaka och börja om.</p>'),
    );
    return;
  }
  if (details.uid !== uid) {
    sendHtml(res, 400, page('Fel', '<h1>Okänd inloggning</h1>'));
    return;
  }
  if (req.method === 'GET') {
    if (details.prompt.name !== 'login') {
      // Consent is implied (loadExistingGrant); any other prompt is not expected here.
      await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
      return;
    }
    sendHtml(res, 200, loginPage(uid));
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' }).end();
    return;
  }
  const form = await readForm(req);
  if (form.get('action') === 'cancel') {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The person cancelled' },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const username = (form.get('username') ?? '').trim();
  const account = ACCOUNTS.get(username);
  if (!account || form.get('password') !== PASSWORD) {
    sendHtml(res, 200, loginPage(uid, { username, error: 'Fel användarnamn eller lösenord. Försök igen.' }));
    return;
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.id, acr: account.acr } },
    { mergeWithLastSubmission: false },
  );
}

server.on('request', (req, res) => {
  const url = new URL(req.url, issuer);
  const match = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
  if (match) {
    interaction(req, res, match[1]).catch((err) => {
      console.error('interaction failed', err);
      if (!res.headersSent) sendHtml(res, 500, page('Fel', '<h1>Något gick fel</h1>'));
      else res.end();
    });
    return;
  }
  providerCallback(req, res);
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
