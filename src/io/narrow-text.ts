import { standsForItself } from '../domain/frontmatter.js';
import type { ParsedReview } from '../domain/review.js';

/**
 * A review's text with one byte to a character, for a rollup to read.
 *
 * V8 keeps a string in one byte a character when every character fits (Latin-1), and in two bytes
 * otherwise, and every string sliced from a two-byte one is two-byte too. The heading rhythm writes
 * holds an em dash (`# Weekly customer review — 2026-W48`), so every string read from nearly every
 * review was two-byte: its decoding, parsing, the rollup's work on it and the JSON it ends in.
 * Measured on one thread rolling up 25,000 reviews for a report, the same files without the em
 * dash took 1.64 s against 2.0 to 2.3.
 *
 * So a text is decoded with a stand-in for each character past Latin-1: a Latin-1 symbol the file
 * does not hold, read by every rule of the parse exactly as the character it stands for (both
 * punctuation or symbols, neither white space, letter, digit nor mark, without case or
 * decomposition, and characters the front matter's reader takes as they are). The parse of the
 * narrow text is then the parse of the file's own, and the strings it gives that hold a stand-in
 * get their characters back (widenBody). A file that holds any other character past Latin-1 (an emoji,
 * a letter of another script, a special space), a YAML escape that could write a stand-in, or
 * bytes that are not UTF-8 is decoded as it is: then it is read the slower way, never differently.
 */
export interface NarrowText {
  text: string;
  /** Undefined when the text is the file's own, character for character. */
  standIns?: StandIns;
}

interface StandIns {
  /** The stand-ins, and the character each stands for, at the same place. */
  standIns: string;
  characters: string;
  /** Finds every stand-in. */
  all: RegExp;
  /** The 1-based line of the first one: the front matter's strings need no look when it is past it. */
  line: number;
}

/**
 * Latin-1 symbols to stand in, rarest first. None has case, a decomposition, or a special
 * meaning to YAML or markdown; none is written by rhythm's parser into a message.
 */
export const POOL = '¤¦¢¥¬±÷¶§©®°¡¿';
const YAML_ESCAPE = /\\[xuU]/;
const PUNCTUATION_OR_SYMBOL = /^[\p{P}\p{S}]$/u;

/** The text of bytes[start, end) as narrow as it can be had; undefined when it must be decoded as it is. */
export function decodeNarrow(bytes: Buffer, start: number, end: number): NarrowText | undefined {
  const base = bytes.byteOffset & ~3;
  const words = new Uint32Array(bytes.buffer, base, (bytes.byteOffset + bytes.length - base) >> 2);
  // One scan finds the first byte past ASCII, or that there is none: nearly every review has one (its heading's dash).
  const pastAscii = notAscii(bytes, words, start, end);
  if (pastAscii === -1) return { text: bytes.toString('latin1', start, end) };
  /** Where each run of bytes past ASCII starts and ends, and its characters. */
  const runs: number[] = [];
  const decoded: string[] = [];
  /** The characters past Latin-1, each once: the first gets the first stand-in, and so on. */
  let wide = '';
  /** Which stand-ins the file holds as characters of its own: a bit each, by their place in POOL. */
  let taken = 0;
  for (let at = pastAscii; at !== -1; at = notAscii(bytes, words, runs[runs.length - 1]!, end)) {
    let after = at + 1;
    while (after < end && bytes[after]! >= 0x80) after++;
    const characters = bytes.toString('utf8', at, after);
    for (let index = 0; index < characters.length; index++) {
      const character = characters[index]!;
      const code = character.charCodeAt(0);
      if (code <= 0xff) {
        const place = POOL.indexOf(character);
        if (place !== -1) taken |= 1 << place;
      } else if (code === 0xfffd || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff) || !canStandIn(character)) {
        // U+FFFD: bytes that are not UTF-8 (or the character itself); U+FEFF: a byte order mark; a surrogate: a character past U+FFFF.
        return undefined;
      } else if (!wide.includes(character)) wide += character;
    }
    runs.push(at, after);
    decoded.push(characters);
  }
  let standIns = '';
  for (let place = 0; standIns.length < wide.length; place++) {
    if (place === POOL.length) return undefined;
    if (!(taken & (1 << place))) standIns += POOL[place]!;
  }
  // The narrow text's bytes, one a character, then one string of them: no string of the bytes as they are, nor of pieces joined.
  const into = end - start <= scratch.length ? scratch : Buffer.allocUnsafe(end - start);
  let length = 0;
  let from = start;
  let first = -1;
  for (let run = 0; run < decoded.length; run++) {
    length += bytes.copy(into, length, from, runs[2 * run]);
    const characters = decoded[run]!;
    for (let index = 0; index < characters.length; index++) {
      const code = characters.charCodeAt(index);
      const place = code <= 0xff ? -1 : wide.indexOf(characters[index]!);
      if (place !== -1 && first === -1) first = length;
      into[length++] = place === -1 ? code : standIns.charCodeAt(place);
    }
    from = runs[2 * run + 1]!;
  }
  length += bytes.copy(into, length, from, end);
  const text = into.toString('latin1', 0, length);
  if (wide === '') return { text };
  if (text.includes('\\') && YAML_ESCAPE.test(text)) return undefined;
  return { text, standIns: { standIns, characters: wide, all: finderOf(standIns), line: lineOf(text, first) } };
}

/** Where a narrow text's bytes are put together (a larger file's get a buffer of their own). */
const scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * The index of the first byte past ASCII in bytes[from, end), or -1. Four bytes at a time: a
 * pattern took 1.7 µs to find the one em dash of a 2.7 KB review, this 0.9 (`words`: the bytes'
 * memory as 32-bit words, from the word holding bytes[0]).
 */
function notAscii(bytes: Buffer, words: Uint32Array, from: number, end: number): number {
  const offset = bytes.byteOffset;
  let at = from;
  for (; at < end && (offset + at) & 3; at++) if (bytes[at]! >= 0x80) return at;
  let word = (offset + at - (offset & ~3)) >> 2;
  for (; at + 4 <= end; at += 4, word++) if (words[word]! & 0x80808080) break;
  for (; at < end; at++) if (bytes[at]! >= 0x80) return at;
  return -1;
}

/** Whether a character past Latin-1 is read as the stand-ins are: see NarrowText. */
function canStandIn(character: string): boolean {
  let known = standInAble.get(character);
  if (known === undefined) {
    known = readsAsStandIn(character);
    standInAble.set(character, known);
  }
  return known;
}
const standInAble = new Map<string, boolean>();

/** The rule itself, for a character past Latin-1 (and what each stand-in is too: tests hold both to it). */
export function readsAsStandIn(character: string): boolean {
  return (
    PUNCTUATION_OR_SYMBOL.test(character) &&
    standsForItself(character) &&
    character.toLowerCase() === character &&
    character.toUpperCase() === character &&
    ['NFC', 'NFD', 'NFKC', 'NFKD'].every((form) => character.normalize(form) === character)
  );
}

/** The pattern finding every stand-in of a set: the same few sets come back file after file. */
function finderOf(standIns: string): RegExp {
  let found = FINDERS.get(standIns);
  if (!found) FINDERS.set(standIns, (found = new RegExp(`[${standIns}]`, 'g')));
  return found;
}
const FINDERS = new Map<string, RegExp>();

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/**
 * What the parse of a narrow text gives, with the characters of its stand-ins back, in place:
 * in its problems, and in what the body gives, sections and actions. False, and nothing changed,
 * when a stand-in is in the front matter (or no review was found): the text is then parsed as it
 * is, as a review's data may hold any value the yaml package makes.
 */
export function widenBody(parsed: ParsedReview, standIns: StandIns): boolean {
  const review = parsed.review;
  if (!review || standIns.line < review.bodyLine) return false;
  const { standIns: set, characters, all } = standIns;
  // A search for each stand-in: one, in most files, and a search of a one-byte string is a memchr.
  const holds = (text: string) => {
    for (let index = 0; index < set.length; index++) if (text.includes(set[index]!)) return true;
    return false;
  };
  const widen = (text: string) => (holds(text) ? text.replace(all, (standIn) => characters[set.indexOf(standIn)]!) : text);
  for (const problem of parsed.problems) problem.message = widen(problem.message);
  for (const id of Object.keys(review.sections)) review.sections[id] = widen(review.sections[id]!);
  for (const action of review.actions) {
    action.title = widen(action.title);
    if (action.due !== undefined) action.due = widen(action.due);
  }
  return true;
}
