/**
 * Headless Chromium driven through the Chrome DevTools Protocol over `--remote-debugging-pipe`
 * (file descriptors 3 and 4), so no WebSocket client or browser-automation package is needed.
 * Shared by the browser tests of the HTML report and of the site.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Fail with how to install Chromium when it is missing. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: install it with "apt-get update && apt-get install -y chromium" (or set CHROMIUM to its path)`);
  }
}

export interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export class Browser {
  readonly events: CdpMessage[] = [];
  private nextId = 0;
  private buffer = '';
  private readonly pending = new Map<number, { resolve: (message: CdpMessage) => void; reject: (error: Error) => void }>();
  private readonly waiters: { method: string; resolve: () => void }[] = [];
  stderr = '';

  private constructor(private readonly child: ChildProcess) {
    const input = child.stdio[4] as Readable;
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.receive(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    child.on('exit', () => {
      for (const { reject } of this.pending.values()) reject(new Error(`chromium exited:\n${this.stderr.slice(-2000)}`));
      this.pending.clear();
    });
  }

  static launch(profile: string): Browser {
    const flags = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      '--remote-debugging-pipe',
      'about:blank',
    ];
    return new Browser(spawn(CHROMIUM, flags, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] }));
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result ?? {})),
        reject,
      });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Resolves on the next event of that name (call before triggering it). */
  next(method: string, timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ method, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
      const message = JSON.parse(this.buffer.slice(0, end)) as CdpMessage;
      this.buffer = this.buffer.slice(end + 1);
      if (message.id !== undefined) {
        this.pending.get(message.id)?.resolve(message);
        this.pending.delete(message.id);
        continue;
      }
      this.events.push(message);
      for (const waiter of this.waiters.filter((candidate) => candidate.method === message.method)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}


/** A tab of `browser` at a viewport `width` pixels wide (height 900), with what it logs and requests recorded. */
export async function openTab(browser: Browser, width: number, options: { mobile?: boolean } = {}): Promise<string> {
  const { targetId } = (await browser.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  for (const domain of ['Page', 'Runtime', 'Log', 'Network']) await browser.send(`${domain}.enable`, {}, sessionId);
  await browser.send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: options.mobile ?? false }, sessionId);
  return sessionId;
}

/** Load `url` in the tab and wait for its load event. */
export async function navigate(browser: Browser, sessionId: string, url: string): Promise<void> {
  const loaded = browser.next('Page.loadEventFired');
  await browser.send('Page.navigate', { url }, sessionId);
  await loaded;
}

/** The value of a JavaScript expression in the tab's page. */
export async function evaluate<T>(browser: Browser, sessionId: string, expression: string): Promise<T> {
  const evaluated = (await browser.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value: T } };
  return evaluated.result.value;
}

/** The whole page, `width` pixels wide, as PNG bytes. */
export async function screenshot(browser: Browser, sessionId: string, width: number): Promise<Buffer> {
  const metrics = (await browser.send('Page.getLayoutMetrics', {}, sessionId)) as { cssContentSize: { width: number; height: number } };
  const shot = (await browser.send(
    'Page.captureScreenshot',
    { format: 'png', captureBeyondViewport: true, clip: { x: 0, y: 0, width, height: Math.ceil(metrics.cssContentSize.height), scale: 1 } },
    sessionId,
  )) as { data: string };
  return Buffer.from(shot.data, 'base64');
}

/** Exceptions, console errors and error log entries of the tab. */
export function errorsOf(browser: Browser, sessionId: string): CdpMessage[] {
  return browser.events.filter(
    (event) =>
      event.sessionId === sessionId &&
      (event.method === 'Runtime.exceptionThrown' ||
        (event.method === 'Runtime.consoleAPICalled' && ['error', 'assert'].includes(String(event.params?.type))) ||
        (event.method === 'Log.entryAdded' && (event.params?.entry as { level?: string } | undefined)?.level === 'error')),
  );
}

/** Every URL the tab requested. */
export function requestsOf(browser: Browser, sessionId: string): string[] {
  return browser.events
    .filter((event) => event.sessionId === sessionId && event.method === 'Network.requestWillBeSent')
    .map((event) => (event.params?.request as { url: string }).url);
}
