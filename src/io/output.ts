import type { Palette } from '../report/terminal.js';
import { forTerminal, neutralise, ownStyle } from './terminal-text.js';

/**
 * The only place that writes to the terminal. stdout carries data (paths, reports, JSON);
 * stderr carries messages, warnings and progress, so `rhythm report --stdout > file` stays clean.
 * Whatever the text holds, only the palette's colours reach the terminal as escape codes.
 */
export interface Stream {
  /** False when the stream holds more than it wants queued (a pipe to a slower reader): then wait for `drain`. */
  write(chunk: string | Uint8Array): unknown;
  once?(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
}

export interface Output {
  /** Data for stdout (always printed, even with --quiet). */
  data(text: string): void;
  /**
   * JSON as JSON.stringify writes it, in UTF-8 pieces written one after the other: a large report
   * is never one string. JSON.stringify escapes every character below U+0020, so only the controls
   * it leaves as they are (DEL, C1, the separators and bidirectional controls) are looked for.
   * After a piece the stream cannot take without queueing it, the next waits for `drain` (the
   * reader has caught up), so a report piped to a slow reader is not queued whole in memory;
   * resolves when the stream has taken the last one so.
   */
  json(pieces: Iterable<Uint8Array>): Promise<void>;
  /** A message for stderr (hidden by --quiet). */
  info(text: string): void;
  success(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  /** A transient progress line on stderr, only on a terminal. */
  progress(text: string): void;
  color: Palette;
}

export interface OutputOptions {
  stdout: Stream;
  stderr: Stream;
  color: boolean;
  quiet: boolean;
}

/** rhythm's colours, as markers only the writers below turn into escape codes (see terminal-text.ts). */
function makePalette(enabled: boolean): Palette {
  const style = enabled ? sgr : () => (text: string) => text;
  return {
    bold: ownStyle(style(1, 22)),
    dim: ownStyle(style(2, 22)),
    red: ownStyle(style(31, 39)),
    green: ownStyle(style(32, 39)),
    yellow: ownStyle(style(33, 39)),
    cyan: ownStyle(style(36, 39)),
  };
}

/**
 * A style of the 16 basic colours, written exactly as chalk writes it (at its level 1, which
 * rhythm used): a nested style's end reopens this one, a line end closes it before and reopens it
 * after, and empty text stays empty. Chalk itself cost about 5 ms of every run: it looks at
 * node:process, node:tty and node:os to guess the terminal's colours, which rhythm decides itself.
 */
function sgr(open: number, close: number): (text: string) => string {
  const on = `\u001b[${open}m`;
  const off = `\u001b[${close}m`;
  return (text) => {
    if (text === '') return text;
    let styled = text.includes('\u001b') ? text.replaceAll(off, off + on) : text;
    if (styled.includes('\n')) styled = styled.replace(/\r?\n/g, (end) => `${off}${end}${on}`);
    return `${on}${styled}${off}`;
  };
}

export function colorWanted(env: NodeJS.ProcessEnv, stream: Stream, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/**
 * Whether UTF-8 bytes of JSON text may hold a character neutralise replaces: DEL, a C1 control
 * (0xC2 0x80–0x9F), or one of the line and paragraph separators and bidirectional controls (0xE2
 * 0x80 0xA8–0xAE, 0xE2 0x81 0xA6–0xA9). The controls below U+0020 are not looked for: JSON.stringify
 * writes them as escapes, and a search for each of them cost a report of 50,000 files 31 passes
 * more over its 110 MB (34–42 ms against 4–9 ms for these three). The pieces are JSON.stringify's,
 * made now or kept in rhythm's cache, which is trusted as its compiled code beside it is. Searched
 * byte by byte natively, so the usual piece is passed without being decoded.
 */
function jsonHasControls(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(0x7f)) return true;
  for (let at = buffer.indexOf(0xc2); at !== -1; at = buffer.indexOf(0xc2, at + 1)) {
    const next = buffer[at + 1];
    if (next !== undefined && next >= 0x80 && next <= 0x9f) return true;
  }
  for (let at = buffer.indexOf(0xe2); at !== -1; at = buffer.indexOf(0xe2, at + 1)) {
    const [second, third] = [buffer[at + 1], buffer[at + 2]];
    if (third !== undefined && ((second === 0x80 && third >= 0xa8 && third <= 0xae) || (second === 0x81 && third >= 0xa6 && third <= 0xa9))) return true;
  }
  return false;
}

export function createOutput(options: OutputOptions): Output {
  const color = makePalette(options.color);
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) {
      options.stderr.write('\r\u001b[2K');
      progressShown = false;
    }
  };
  const message = (text: string) => {
    clearProgress();
    options.stderr.write(`${forTerminal(text)}\n`);
  };
  return {
    color,
    data: (text) => {
      clearProgress();
      const safe = forTerminal(text);
      options.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
    },
    json: async (pieces) => {
      clearProgress();
      const { stdout } = options;
      for (const piece of pieces) {
        const taken = stdout.write(jsonHasControls(piece) ? neutralise(new TextDecoder().decode(piece)) : piece);
        if (taken === false && stdout.once) await new Promise<void>((resolve) => stdout.once!('drain', resolve));
      }
    },
    info: (text) => {
      if (!options.quiet) message(text);
    },
    success: (text) => {
      if (!options.quiet) message(`${color.green('✔')} ${text}`);
    },
    warn: (text) => message(`${color.yellow('warning:')} ${text}`),
    error: (text) => message(`${color.red('error:')} ${text}`),
    progress: (text) => {
      if (options.quiet || options.stderr.isTTY !== true) return;
      options.stderr.write(`\r\u001b[2K${forTerminal(color.dim(text))}`);
      progressShown = true;
    },
  };
}
