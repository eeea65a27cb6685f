import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { postJson, type PostOptions } from '../../src/io/webhook.js';

interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

/** How the server answers the nth request; past the last, as the last. */
type Answer = (response: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real HTTP server on 127.0.0.1 (a free port) answering in turn; its URL has a secret path, as a webhook's does. */
async function webhookServer(...answers: Answer[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', path: request.url ?? '', contentType: request.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      answers[Math.min(received.length, answers.length) - 1]!(response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T0SECRET/B0SECRET/XXXXSECRETXXXX`, received };
}

const status =
  (code: number, body = '', headers: Record<string, string> = {}): Answer =>
  (response) => {
    response.writeHead(code, { 'content-type': 'text/plain', ...headers });
    response.end(body);
  };
const never: Answer = () => {};

/** Waits recorded, not made: no test depends on the clock or the machine's speed. */
function recorder(): { delays: number[]; sleep: NonNullable<PostOptions['sleep']> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

const label = 'slack (RHYTHM_SLACK_WEBHOOK)';
const env = 'RHYTHM_SLACK_WEBHOOK';
const body = { text: 'Not receiving value: Stark Logistics', blocks: [{ type: 'section' }] };

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

function oneLineWithoutUrl(error: UserError, url: string): void {
  expect(error.message).not.toContain('\n');
  expect(error.message).not.toContain(url);
  expect(error.message).not.toContain('SECRET');
  expect(error.message).not.toContain('127.0.0.1');
  expect(error.message.startsWith(`${label}: `)).toBe(true);
}

describe('postJson', () => {
  it('posts the body as JSON once and resolves on 200', async () => {
    const { url, received } = await webhookServer(status(200, 'ok'));
    const { delays, sleep } = recorder();
    expect(await postJson(url, body, { label, env, sleep })).toEqual({ status: 200, attempts: 1 });
    expect(received).toEqual([{ method: 'POST', path: '/services/T0SECRET/B0SECRET/XXXXSECRETXXXX', contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) }]);
    expect(delays).toEqual([]);
  });

  it('takes any 2xx as success (Teams answers 202)', async () => {
    const { url } = await webhookServer(status(202));
    expect(await postJson(url, body, { label, env })).toEqual({ status: 202, attempts: 1 });
  });

  it('tries a 500 again after about a second, posting the same body', async () => {
    const { url, received } = await webhookServer(status(500, 'oops'), status(200, 'ok'));
    const { delays, sleep } = recorder();
    expect(await postJson(url, body, { label, env, sleep })).toEqual({ status: 200, attempts: 2 });
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(JSON.parse(received[0]!.body)).toEqual(body);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(750);
    expect(delays[0]).toBeLessThanOrEqual(1250);
  });

  it('waits what a 429 asks with Retry-After, then succeeds', async () => {
    const { url, received } = await webhookServer(status(429, 'rate_limited', { 'retry-after': '1' }), status(200, 'ok'));
    const { delays, sleep } = recorder();
    expect(await postJson(url, body, { label, env, sleep })).toEqual({ status: 200, attempts: 2 });
    expect(delays).toEqual([1000]);
    expect(received).toHaveLength(2);
  });

  it('waits at most 30 s whatever Retry-After asks, and reads it as a date too', async () => {
    const date = 'Mon, 30 Nov 2026 10:00:00 GMT';
    const { url } = await webhookServer(
      status(429, '', { 'retry-after': '3600' }),
      status(503, '', { 'retry-after': 'Mon, 30 Nov 2026 10:00:05 GMT', date }),
      status(429, '', { 'retry-after': 'soon' }),
      status(200),
    );
    const { delays, sleep } = recorder();
    expect(await postJson(url, body, { label, env, sleep, random: () => 0.5 })).toEqual({ status: 200, attempts: 4 });
    // An unreadable Retry-After: the backoff's third wait (4 s).
    expect(delays).toEqual([30_000, 5_000, 4_000]);
  });

  it('backs off about 1, 2, 4 s with jitter, and gives up after 4 attempts with one line', async () => {
    const { url, received } = await webhookServer(status(503));
    for (const [random, expected] of [
      [0, [750, 1500, 3000]],
      [0.999999, [1250, 2500, 5000]],
    ] as const) {
      const { delays, sleep } = recorder();
      const error = await failure(postJson(url, body, { label, env, sleep, random: () => random }));
      expect(delays).toEqual(expected);
      expect(error.message).toBe(`${label}: HTTP 503 Service Unavailable after 4 attempts: try again later`);
      oneLineWithoutUrl(error, url);
    }
    expect(received).toHaveLength(8);
  });

  it('does not try a 404 again: one line saying what to do, without the URL', async () => {
    const { url, received } = await webhookServer(status(404, 'no_service'));
    const { delays, sleep } = recorder();
    const error = await failure(postJson(url, body, { label, env, sleep }));
    expect(error.message).toBe(`${label}: HTTP 404 Not Found (no_service): check the URL in RHYTHM_SLACK_WEBHOOK (the webhook may have been removed or disabled)`);
    expect(error.exitCode).toBe(1);
    oneLineWithoutUrl(error, url);
    expect(received).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('never quotes an answer that could echo the URL', async () => {
    const { url } = await webhookServer((response) => {
      response.writeHead(400, { 'content-type': 'text/html' });
      response.end(`<pre>Cannot POST ${new URL(url).pathname}</pre>`);
    });
    const error = await failure(postJson(url, body, { label, env }));
    expect(error.message).toBe(`${label}: HTTP 400 Bad Request: the destination refused the message; check the URL in RHYTHM_SLACK_WEBHOOK (is it a webhook of this type?)`);
    oneLineWithoutUrl(error, url);
  });

  it('takes a redirect as final, and does not follow it', async () => {
    const target = await webhookServer(status(200));
    const { url } = await webhookServer(status(302, '', { location: target.url }));
    const error = await failure(postJson(url, body, { label, env }));
    expect(error.message).toMatch(/^slack \(RHYTHM_SLACK_WEBHOOK\): HTTP 302 Found: the URL redirects elsewhere; check the URL in RHYTHM_SLACK_WEBHOOK/);
    expect(target.received).toEqual([]);
  });

  it('gives up on a server that never answers, each attempt after its timeout', async () => {
    const { url, received } = await webhookServer(never);
    const { delays, sleep } = recorder();
    const error = await failure(postJson(url, body, { label, env, sleep, timeoutMs: 200 }));
    expect(error.message).toBe(`${label}: no answer within 0.2 s after 4 attempts: try again later`);
    oneLineWithoutUrl(error, url);
    expect(delays).toHaveLength(3);
    // Each attempt reached the server, unless a very busy machine took the 200 ms to connect.
    expect(received.length).toBeLessThanOrEqual(4);
  });

  it('gives up on a refused connection, naming the variable to check', async () => {
    const { url } = await webhookServer(status(200));
    const server = servers.pop()!;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const { delays, sleep } = recorder();
    const error = await failure(postJson(url, body, { label, env, sleep, retries: 2 }));
    expect(error.message).toBe(`${label}: connection refused (ECONNREFUSED) after 3 attempts: check the URL in RHYTHM_SLACK_WEBHOOK, or try again later`);
    oneLineWithoutUrl(error, url);
    expect(delays).toHaveLength(2);
  });

  it('refuses what is not an http(s) URL without posting, and without quoting it', async () => {
    for (const url of ['not a url SECRET', 'file:///etc/SECRET', 'https://user:SECRET@example.com/hook']) {
      const error = await failure(postJson(url, body, { label, env, fetch: () => Promise.reject(new Error('posted')) }));
      expect(error.message).toBe(`${label}: not an http(s) URL: check the URL in RHYTHM_SLACK_WEBHOOK (a webhook's URL starts with https://)`);
    }
  });

  it('never quotes an error of fetch, which may hold the URL', async () => {
    const url = 'https://hooks.example.com/SECRET';
    const fetch = () => Promise.reject(new TypeError(`fetch failed for ${url}`, { cause: Object.assign(new Error(`getaddrinfo ENOTFOUND ${url}`), { code: 'ENOTFOUND' }) }));
    const error = await failure(postJson(url, body, { label: 'teams (RHYTHM_TEAMS_WEBHOOK)', env: 'RHYTHM_TEAMS_WEBHOOK', fetch, sleep: async () => {}, retries: 0 }));
    expect(error.message).toBe('teams (RHYTHM_TEAMS_WEBHOOK): host not found (ENOTFOUND) after 1 attempt: check the URL in RHYTHM_TEAMS_WEBHOOK, or try again later');
  });

  it('names the destination "webhook" and its variable as told', async () => {
    const { url } = await webhookServer(status(410));
    expect((await failure(postJson(url, body))).message).toBe("webhook: HTTP 410 Gone: check the webhook's URL (the webhook may have been removed or disabled)");
    expect((await failure(postJson(url, body, { label: 'ops channel', env: 'OPS_HOOK' }))).message).toBe(
      'ops channel: HTTP 410 Gone: check the URL in OPS_HOOK (the webhook may have been removed or disabled)',
    );
  });
});
