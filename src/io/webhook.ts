/**
 * The only network I/O: posting a JSON body to a webhook (Slack, Teams, any JSON endpoint) with
 * Node's global `fetch`.
 *
 * Each attempt has its own timeout. A 429 (after its `Retry-After`, at most 30 s), a 5xx, a
 * network error or a timeout is tried again, after about 1, 2, then 4 s (with jitter, so that the
 * runs of many workbooks do not retry in step); any other answer is final. Any 2xx is success
 * (Slack answers 200 "ok", Teams 200 or 202).
 *
 * A webhook's URL is a secret (anyone who has it can post): no message names it, nor quotes an
 * error of fetch's (they may hold it), nor an answer's body that could echo it. A failure is a
 * `UserError` of one line naming the destination by its label, what happened and what to do.
 */
import { plural } from '../domain/words.js';
import { STATUS_CODES } from 'node:http';
import { setTimeout as wait } from 'node:timers/promises';
import { UserError } from '../errors.js';

export interface PostOptions {
  /** Per attempt, answer and body included; default 10 s. */
  timeoutMs?: number;
  /** Attempts after the first; default 3. */
  retries?: number;
  fetch?: typeof fetch;
  /** How a wait between attempts is made; tests record the delays instead. */
  sleep?: (ms: number) => Promise<void>;
  /** The destination as messages name it, e.g. "slack (RHYTHM_SLACK_WEBHOOK)"; default "webhook". */
  label?: string;
  /** The environment variable the URL came from, named in what to do ("check the URL in …"). */
  env?: string;
  /** A number in [0, 1) for the jitter; default Math.random. */
  random?: () => number;
}

export interface Posted {
  status: number;
  attempts: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 3;
/** The first wait; each next one doubles. */
const BACKOFF_MS = 1_000;
/** The longest `Retry-After` honoured: a longer one is waited this long. */
export const MAX_RETRY_AFTER_MS = 30_000;

type Failure =
  /** Tried again if attempts are left. */
  | { retry: true; what: string; afterMs?: number }
  | { retry: false; what: string; remedy: string };

/** Posts `body` as JSON to `url`; resolves on a 2xx answer, throws a one-line `UserError` otherwise. */
export async function postJson(url: string, body: unknown, options: PostOptions = {}): Promise<Posted> {
  const label = options.label ?? 'webhook';
  const where = options.env;
  const checkUrl = where === undefined ? "check the webhook's URL" : `check the URL in ${where}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = Math.max(0, Math.floor(options.retries ?? DEFAULT_RETRIES));
  const post = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => wait(ms));
  const random = options.random ?? Math.random;

  if (!isHttpUrl(url)) throw new UserError(`${label}: not an http(s) URL: ${checkUrl} (a webhook's URL starts with https://)`);
  const json = JSON.stringify(body);

  let failure: Failure | undefined;
  let attempt = 0;
  for (; attempt <= retries; attempt++) {
    if (attempt > 0 && failure?.retry) await sleep(failure.afterMs ?? backoff(attempt, random));
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await post(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'rhythm' },
        body: json,
        // A redirect would repost the message elsewhere (or lose it as a GET): the answer is final.
        redirect: 'manual',
        signal,
      });
      if (response.status >= 200 && response.status < 300) {
        await discard(response);
        return { status: response.status, attempts: attempt + 1 };
      }
      failure = await answerFailure(response, url, checkUrl);
    } catch (error) {
      failure = { retry: true, what: networkProblem(error, signal, timeoutMs) };
    }
    if (!failure.retry) break;
  }
  // The loop ran at least once, so there is a failure.
  const last = failure!;
  const attempts = Math.min(attempt + 1, retries + 1);
  if (!last.retry) throw new UserError(`${label}: ${last.what}${attempts > 1 ? ` (attempt ${attempts})` : ''}: ${last.remedy}`);
  throw new UserError(`${label}: ${last.what} after ${plural(attempts, 'attempt')}: ${retryRemedy(last.what, checkUrl)}`);
}

function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** About 1, 2, 4 s…: the nth wait, times a factor between 0.75 and 1.25. */
function backoff(attempt: number, random: () => number): number {
  return Math.round(BACKOFF_MS * 2 ** (attempt - 1) * (0.75 + 0.5 * random()));
}

async function answerFailure(response: Response, url: string, checkUrl: string): Promise<Failure> {
  const code = await answerCode(response, url);
  const what = `HTTP ${response.status}${STATUS_CODES[response.status] ? ` ${STATUS_CODES[response.status]}` : ''}${code === undefined ? '' : ` (${code})`}`;
  if (response.status === 429 || response.status >= 500) {
    const afterMs = retryAfter(response);
    return { retry: true, what, ...(afterMs === undefined ? {} : { afterMs }) };
  }
  if (response.status >= 300 && response.status < 400) return { retry: false, what, remedy: `the URL redirects elsewhere; ${checkUrl} (give the webhook's own URL)` };
  if (response.status === 400 || response.status === 413 || response.status === 415 || response.status === 422)
    return { retry: false, what, remedy: `the destination refused the message; ${checkUrl} (is it a webhook of this type?)` };
  if (response.status === 401 || response.status === 403 || response.status === 404 || response.status === 410)
    return { retry: false, what, remedy: `${checkUrl} (the webhook may have been removed or disabled)` };
  return { retry: false, what, remedy: checkUrl };
}

/**
 * The answer's body when it is a short code like Slack's (`no_service`, `invalid_blocks`,
 * `channel_is_archived`): other bodies (an HTML page, a framework's "Cannot POST /services/…") are
 * not shown, since they may echo the URL.
 */
async function answerCode(response: Response, url: string): Promise<string | undefined> {
  let text: string;
  try {
    text = (await response.text()).trim();
  } catch {
    return undefined;
  }
  if (!/^[A-Za-z][A-Za-z0-9_.-]{0,59}$/.test(text)) return undefined;
  return url.includes(text) ? undefined : text;
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The answer was success; what is left of its body does not matter.
  }
}

/** `Retry-After` in seconds, or as a date against the answer's own `Date`; at most 30 s. */
function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    const now = Date.parse(response.headers.get('date') ?? '');
    if (Number.isNaN(at) || Number.isNaN(now)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

/** What went wrong below HTTP, from fetch's error: its kind and code, never its message (which may hold the URL). */
function networkProblem(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  const name = error instanceof Error ? error.name : '';
  if (signal.aborted || name === 'TimeoutError' || name === 'AbortError') return `no answer within ${seconds(timeoutMs)}`;
  const code = errorCode(error);
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host not found (DNS did not answer)',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    UND_ERR_SOCKET: 'connection closed',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  };
  if (code !== undefined && known[code] !== undefined) return `${known[code]} (${code})`;
  if (code !== undefined && /CERT|SSL|TLS/.test(code)) return `TLS certificate problem (${code})`;
  return code === undefined ? 'network error' : `network error (${code})`;
}

/** The `code` of an error or of its causes (fetch's TypeError "fetch failed" carries the socket's error as its cause). */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Object && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = errorCode(errors[0]);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

function retryRemedy(what: string, checkUrl: string): string {
  if (/host not found|refused|certificate/i.test(what)) return `${checkUrl}, or try again later`;
  return 'try again later';
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1))} s`;
}

