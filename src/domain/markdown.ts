/**
 * The body of a review: headings carrying `<!-- q:ID -->` markers delimit answers, and task items
 * anywhere are actions, both exactly as GitHub renders them. Both survive a person re-wording a
 * heading, ticking a box in any editor, or adding lines.
 */
export interface Section {
  id: string;
  heading: string;
  level: number;
  /** 0-based index of the heading line in the body. */
  headingIndex: number;
  /** Lines [start, end) of the body holding the answer. */
  start: number;
  end: number;
  content: string;
}

export type ActionState = 'open' | 'done' | 'dropped';

export interface Action {
  state: ActionState;
  /** The action without its tokens, as a person would say it. */
  title: string;
  owner?: string;
  due?: string;
  tags: string[];
  /** The week the action was first opened, when it was carried forward from an earlier review. */
  since?: string;
  /** 0-based index of the line in the body. */
  lineIndex: number;
  /** Id of the section the action is in, if any. */
  section?: string;
}

const MARKER = /<!--\s*q:([a-z][a-z0-9_]*)\s*-->/;

export function splitLines(body: string): string[] {
  return body.split('\n');
}

/** A heading of the body itself (ATX, not inside a list item or a quote): the headings sections are made of. */
export interface Heading {
  /** 0-based index of the heading's line. */
  index: number;
  level: number;
  /** The words, without the marker. */
  text: string;
  id?: string;
}

/** A task item as GitHub renders one: a list item whose first paragraph starts with its box. */
export interface TaskItem {
  /** 0-based index of the line holding the box. */
  index: number;
  state: ActionState;
  /** The paragraph after the box, its lines joined by line breaks. */
  text: string;
  /** 0-based index of the paragraph's last line. */
  last: number;
}

/** A code fence or HTML block the body never closes: everything after it is code or HTML. */
export interface UnclosedBlock {
  /** 0-based index of the line opening it. */
  index: number;
  /** What opens it (```, ~~~~, <!--, <pre, …). */
  opener: string;
  /** A line holding this would close it. */
  closer: string;
}

export interface Blocks {
  headings: Heading[];
  tasks: TaskItem[];
  unclosed?: UnclosedBlock;
}

/**
 * A line of paragraph text: `content` from its first non-blank character (after any quote and list
 * markers), and whether it starts the first paragraph of a list item (where a box makes a task).
 */
export type TextVisitor = (index: number, content: string, itemStart: boolean) => void;

/**
 * The block structure of a body, read as GitHub reads it (GFM: CommonMark and its tables): which
 * lines are headings of the body, which list items are tasks, and nothing inside code, HTML blocks
 * or comments. tests/domain/task-items.test.ts holds it against a reference GFM parser.
 */
export function readBlocks(lines: readonly string[], onText?: TextVisitor): Blocks {
  return new BlockReader(lines, onText).read();
}

const QUOTE = 0;
const ITEM = 1;
/**
 * Containers nest no deeper: each line is matched against every open one, and a blank line matches
 * a non-empty item without using a character, so 30,000 nested items and as many blank lines (a
 * 90 KB body) took 11 s. Deeper markers are read as text, where GFM would nest on.
 */
const MAX_DEPTH = 32;

interface Container {
  kind: typeof QUOTE | typeof ITEM;
  /** An item's content column, relative to its parent's: marker indent, marker and spacing. */
  width: number;
  /** No block in it yet: a blank line ends an empty item. */
  empty: boolean;
  /** The line of an item's marker. */
  line: number;
  /** The marker ends its line: the item's first paragraph may start on the next line. */
  bare: boolean;
}

// The open leaf block, as in CommonMark's reference implementation (commonmark.js).
const NONE = 0;
const PARAGRAPH = 1;
const FENCED = 2;
const INDENTED = 3;
const HTML = 4;
const TABLE = 5;

/** A task item being read: whether it is one depends on the lines its paragraph gets. */
interface PendingTask {
  index: number;
  state: ActionState;
  /** The text after the box, a part per line. */
  parts: string[];
  /**
   * The lines the paragraph needs for the box to count: 1, or 2 when the box ends its line
   * (micromark: the box needs text after it, if only on the next line), one more when the box
   * itself is broken after its `[`, and none will do while the `]` is still to come.
   */
  minLines: number;
}

interface Paragraph {
  lines: number;
  last: number;
  /** The last line, from its first non-blank character: a table's header if a delimiter row follows. */
  lastContent: string;
  /** Indented by 4 columns or more: no table header then. */
  lastIndented: boolean;
  task?: PendingTask;
}

const BOX_STATE: Record<number, ActionState> = { 32: 'open', 9: 'open', 120: 'done', 88: 'done', 45: 'dropped' };

// HTML block starts and ends (CommonMark 4.6; the names are micromark's).
const HTML_RAW = /^<(?:script|pre|style|textarea)(?=[ \t>]|$)/i;
const HTML_BLOCK = new RegExp(
  '^</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \\t]|/?>|$)',
  'i',
);
const ATTRIBUTE = `(?:[ \\t]+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:[ \\t]*=[ \\t]*(?:[^"'=<>\`\\x00-\\x20]+|'[^']*'|"[^"]*"))?)`;
const HTML_TAG = new RegExp(`^(?:<[A-Za-z][A-Za-z0-9-]*${ATTRIBUTE}*[ \\t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \\t]*>)[ \\t]*$`);
const HTML_END: Record<number, RegExp> = { 1: /<\/(?:script|pre|style|textarea)>/i, 2: /-->/, 3: /\?>/, 4: />/, 5: /\]\]>/ };
const HTML_CLOSER: Record<number, string> = { 2: '-->', 3: '?>', 4: '>', 5: ']]>' };

const SETEXT = /^(?:=+|-+)[ \t]*$/;
const FENCE_OPEN = /^(?:`{3,}(?!.*`)|~{3,})/;
const FENCE_CLOSE = /^(?:`{3,}|~{3,})(?=[ \t]*$)/;
const TABLE_DELIMITER = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/**
 * CommonMark's block parsing (commonmark.js `incorporateLine`), cut down to what rhythm reads:
 * containers (quotes, list items) and the open leaf block, line by line. A line of prose outside
 * any container costs a look at its first character.
 */
class BlockReader {
  private readonly headings: Heading[] = [];
  private readonly tasks: TaskItem[] = [];
  private readonly stack: Container[] = [];
  private leaf = NONE;
  private paragraph: Paragraph | undefined;
  private fenceChar = 0;
  private fenceLength = 0;
  private htmlType = 0;
  /** Indented code whose last line was lazy: micromark ends it there, so it interrupts nothing. */
  private lazyCode = false;
  /** Where the open fence or HTML block began, and what began it. */
  private opened = 0;
  private opener = '';
  // The line being read: position and column (tabs stop every 4 columns), as commonmark.js keeps them.
  private text = '';
  private index = 0;
  private offset = 0;
  private column = 0;
  private partialTab = false;
  private next = 0;
  private nextColumn = 0;
  private indent = 0;
  private blank = false;
  /** Containers matched by the line so far. */
  private matched = 0;

  constructor(
    private readonly lines: readonly string[],
    private readonly onText: TextVisitor | undefined,
  ) {}

  read(): Blocks {
    for (let index = 0; index < this.lines.length; index++) this.readLine(index);
    const unclosed = this.unclosed();
    this.closeLeaf();
    return { headings: this.headings, tasks: this.tasks, ...(unclosed ? { unclosed } : {}) };
  }

  private readLine(index: number): void {
    this.text = this.lines[index]!;
    this.index = index;
    this.offset = 0;
    this.column = 0;
    this.partialTab = false;
    const stack = this.stack;

    // Most lines are prose at the top level: a first character no block starts with settles them.
    if (stack.length === 0 && (this.leaf === NONE || this.leaf === PARAGRAPH) && !maybeSpecial(this.text.charCodeAt(0))) {
      this.findNextNonspace();
      if (this.blank) this.closeLeaf();
      else if (this.leaf === PARAGRAPH) this.addParagraphLine();
      else this.openParagraph();
      return;
    }

    // Which open containers the line continues.
    let matched = 0;
    for (; matched < stack.length; matched++) {
      this.findNextNonspace();
      const container = stack[matched]!;
      if (container.kind === QUOTE) {
        if (this.indent >= 4 || this.text.charCodeAt(this.next) !== 62 /* > */) break;
        this.advanceNextNonspace();
        this.advanceOffset(1, false);
        if (isBlank(this.text.charCodeAt(this.offset))) this.advanceOffset(1, true);
      } else if (this.blank) {
        if (container.empty) break;
        this.advanceNextNonspace();
      } else if (this.indent >= container.width) {
        this.advanceOffset(container.width, true);
      } else break;
    }
    this.matched = matched;
    const allMatched = matched === stack.length;

    // Whether the open leaf block goes on; code and HTML take the line whole.
    let leafGoesOn = false;
    if (allMatched && this.leaf !== NONE) {
      this.findNextNonspace();
      switch (this.leaf) {
        case FENCED: {
          const c = this.text.charCodeAt(this.next);
          if (this.indent <= 3 && c === this.fenceChar) {
            const close = FENCE_CLOSE.exec(this.text.slice(this.next));
            if (close && close[0].length >= this.fenceLength) {
              this.closeLeaf();
              return;
            }
          }
          return;
        }
        case INDENTED:
          if (this.blank) return;
          if (this.indent >= 4) {
            this.lazyCode = false;
            return;
          }
          break;
        case HTML:
          if (!(this.blank && this.htmlType >= 6)) {
            if (this.htmlType <= 5 && HTML_END[this.htmlType]!.test(this.text.slice(this.offset))) this.closeLeaf();
            return;
          }
          break;
        default:
          leafGoesOn = !this.blank;
      }
    }
    const paragraphGoesOn = leafGoesOn && this.leaf === PARAGRAPH;
    const lazyPossible = !(allMatched && (leafGoesOn || this.leaf === NONE)) && !this.blank;
    // micromark: a line interrupts what its containers hold when that is a paragraph or indented code
    // (through blank lines), and then so does every list item the line opens.
    const interrupts = paragraphGoesOn || (allMatched && this.leaf === INDENTED && !this.lazyCode);

    // New containers and leaf blocks the line starts.
    let opened = false;
    for (;;) {
      this.findNextNonspace();
      const c = this.text.charCodeAt(this.next);
      const indented = this.indent >= 4;
      if (!indented && !maybeSpecial(c)) {
        this.advanceNextNonspace();
        break;
      }
      const text = this.text;
      const next = this.next;
      const inParagraph = paragraphGoesOn && !opened;
      const mayNest = this.matched < MAX_DEPTH;
      if (!indented && c === 62 /* > */ && mayNest) {
        this.advanceNextNonspace();
        this.advanceOffset(1, false);
        if (isBlank(this.text.charCodeAt(this.offset))) this.advanceOffset(1, true);
        this.open({ kind: QUOTE, width: 0, empty: true, line: index, bare: false });
        opened = true;
        continue;
      }
      if (!indented && c === 35 /* # */) {
        let level = 1;
        while (level < 7 && text.charCodeAt(next + level) === 35) level++;
        const after = text.charCodeAt(next + level);
        if (level <= 6 && (after !== after /* NaN: end of line */ || isBlank(after))) {
          this.addLeaf(NONE);
          if (this.stack.length === 0) this.addHeading(level, next + level);
          return;
        }
      }
      if (!indented && (c === 96 /* ` */ || c === 126) /* ~ */) {
        const fence = FENCE_OPEN.exec(text.slice(next));
        if (fence) {
          this.addLeaf(FENCED);
          this.fenceChar = c;
          this.fenceLength = fence[0].length;
          this.opened = index;
          this.opener = fence[0];
          return;
        }
      }
      if (!indented && c === 60 /* < */) {
        // micromark lets a type 7 tag interrupt a paragraph on a lazy line, not on its own.
        const rest = text.slice(next);
        const type = htmlBlockType(rest, !inParagraph);
        if (type > 0) {
          // A lazy line's tag block goes into the open containers (micromark), for the next line to continue or close.
          if (type === 7 && this.leaf === PARAGRAPH) this.closeLeaf();
          else this.addLeaf(HTML);
          this.leaf = HTML;
          this.htmlType = type;
          this.opened = index;
          this.opener = htmlOpener(rest, type);
          if (type <= 5 && HTML_END[type]!.test(this.text.slice(this.offset))) this.closeLeaf();
          return;
        }
      }
      if (!indented && inParagraph && (c === 61 /* = */ || c === 45) /* - */ && SETEXT.test(text.slice(next))) {
        // The paragraph becomes a heading: a box at its start no longer makes a task.
        this.paragraph!.task = undefined;
        this.closeLeaf();
        return;
      }
      if (!indented && (c === 42 /* * */ || c === 95 /* _ */ || c === 45) && isThematicBreak(text, next, c)) {
        this.addLeaf(NONE);
        return;
      }
      if (!indented && mayNest && this.openItem(c, text, next, interrupts)) {
        opened = true;
        continue;
      }
      if (indented && !this.blank && this.leaf !== PARAGRAPH) {
        this.lazyCode = !opened && this.matched < this.stack.length;
        this.advanceOffset(4, true);
        this.addLeaf(INDENTED);
        return;
      }
      this.advanceNextNonspace();
      break;
    }

    if (!opened && this.leaf === PARAGRAPH && (paragraphGoesOn || lazyPossible) && !this.blank) {
      // Paragraph continuation, lazy or not; under a table's header, a delimiter row makes a table.
      if (paragraphGoesOn && this.startsTable()) return;
      this.addParagraphLine();
      return;
    }
    if (!opened) this.closeUnmatched(leafGoesOn);
    if (this.leaf === TABLE && leafGoesOn) return;
    if (!this.blank) this.openParagraph();
  }

  /** Close the containers the line did not continue, and the leaf block unless it goes on. */
  private closeUnmatched(leafGoesOn: boolean): void {
    if (!leafGoesOn || this.matched < this.stack.length) this.closeLeaf();
    // Popping, as setting an array's length is a call into the runtime.
    while (this.stack.length > this.matched) this.stack.pop();
  }

  private open(container: Container): void {
    this.closeUnmatched(false);
    this.addChild();
    this.stack.push(container);
    this.matched = this.stack.length;
  }

  private addLeaf(leaf: number): void {
    this.closeUnmatched(false);
    this.addChild();
    this.leaf = leaf;
  }

  private addChild(): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.empty = false;
  }

  private addHeading(level: number, start: number): void {
    this.headings.push(headingOf(this.text, start, this.index, level));
  }

  /** A list item's marker (CommonMark 5.2): its content column, and the rules for interrupting a paragraph. */
  private openItem(c: number, text: string, start: number, interrupts: boolean): boolean {
    let length: number;
    if (c === 45 /* - */ || c === 42 /* * */ || c === 43 /* + */) length = 1;
    else if (c >= 48 && c <= 57) {
      length = 1;
      while (length < 10 && isDigit(text.charCodeAt(start + length))) length++;
      const delimiter = text.charCodeAt(start + length);
      if (length > 9 || (delimiter !== 46 /* . */ && delimiter !== 41) /* ) */) return false;
      // Only a list starting at 1 may interrupt a paragraph.
      if (interrupts && !(length === 1 && c === 49)) return false;
      length++;
    } else return false;
    const after = text.charCodeAt(start + length);
    const ends = after !== after;
    if (!ends && !isBlank(after)) return false;
    if (interrupts && isBlankFrom(text, start + length)) return false;
    const markerOffset = this.indent;
    this.advanceNextNonspace();
    this.advanceOffset(length, true);
    const spacesStartColumn = this.column;
    const spacesStartOffset = this.offset;
    const spacesStartPartial = this.partialTab;
    do {
      this.advanceOffset(1, true);
    } while (this.column - spacesStartColumn < 5 && isBlank(this.text.charCodeAt(this.offset)));
    const blankItem = this.offset >= this.text.length;
    const spaces = this.column - spacesStartColumn;
    let padding: number;
    if (spaces >= 5 || spaces < 1 || blankItem) {
      padding = length + 1;
      this.column = spacesStartColumn;
      this.offset = spacesStartOffset;
      this.partialTab = spacesStartPartial;
      if (isBlank(this.text.charCodeAt(this.offset))) this.advanceOffset(1, true);
    } else padding = length + spaces;
    this.open({ kind: ITEM, width: markerOffset + padding, empty: true, line: this.index, bare: ends });
    return true;
  }

  private openParagraph(): void {
    this.closeUnmatched(false);
    this.addChild();
    this.leaf = PARAGRAPH;
    const content = this.text.slice(this.next);
    const paragraph: Paragraph = { lines: 1, last: this.index, lastContent: content, lastIndented: false };
    this.paragraph = paragraph;
    const item = this.firstContentOf();
    if (item) paragraph.task = taskStart(content, this.index, this.nextColumn);
    this.onText?.(this.index, content, item !== undefined);
  }

  /**
   * The item whose first content this new paragraph is, if a box there makes a task. micromark marks
   * the first content of an item when it starts on the marker's line, or on the next line right at
   * the content column after a marker that ends its line (`-` then a new line; `- ` with a blank
   * after it does not count).
   */
  private firstContentOf(): Container | undefined {
    const parent = this.stack[this.stack.length - 1];
    if (!parent || parent.kind !== ITEM) return undefined;
    // An item opened on this line holds nothing before this paragraph; nor does a bare one opened on the line before.
    if (parent.line === this.index) return parent;
    return parent.bare && parent.line === this.index - 1 && this.indent === 0 ? parent : undefined;
  }

  private addParagraphLine(): void {
    const paragraph = this.paragraph!;
    const content = this.text.slice(this.next);
    paragraph.lines++;
    paragraph.last = this.index;
    paragraph.lastContent = content;
    paragraph.lastIndented = this.indent >= 4;
    const task = paragraph.task;
    if (task) {
      if (task.minLines === Infinity) {
        // The `]` must come first on the line, no blank before it (micromark sees a skipped blank as text).
        const after = content.charCodeAt(0) === 93 /* ] */ && this.indent === 0 ? afterBox(content, 1) : undefined;
        if (after === undefined) paragraph.task = undefined;
        else {
          task.minLines = after.needsMore ? 3 : 2;
          task.parts.push(after.text);
        }
      } else task.parts.push(content);
    }
    this.onText?.(this.index, content, false);
  }

  /** A delimiter row under a one-line header with as many cells turns the paragraph's last line into a table. */
  private startsTable(): boolean {
    const c = this.text.charCodeAt(this.next);
    if (this.indent >= 4 || (c !== 124 /* | */ && c !== 58 /* : */ && c !== 45)) return false;
    const row = this.text.slice(this.next);
    if (!TABLE_DELIMITER.test(row) || !(row.includes('|') || row.includes(':'))) return false;
    const paragraph = this.paragraph!;
    const header = paragraph.lastContent.trim();
    // micromark: a header of a lone pipe is none.
    if (paragraph.lastIndented || header === '|' || cellCount(row) !== cellCount(header)) return false;
    // The header line leaves the paragraph (and, when it was its only line, the paragraph is gone).
    if (paragraph.lines === 1) paragraph.task = undefined;
    else {
      paragraph.task?.parts.pop();
      paragraph.lines--;
      paragraph.last--;
    }
    this.closeLeaf();
    // micromark: the table ends the paragraph above its header; but the header line, read anew, may
    // start an HTML block (a lone tag, which could not interrupt the paragraph), and that block wins.
    if (HTML_TAG.test(header)) {
      this.leaf = HTML;
      this.htmlType = 7;
    } else this.leaf = TABLE;
    return true;
  }

  private closeLeaf(): void {
    const task = this.paragraph?.task;
    if (task && this.paragraph!.lines >= task.minLines)
      this.tasks.push({ index: task.index, state: task.state, text: task.parts.join('\n'), last: this.paragraph!.last });
    this.paragraph = undefined;
    this.leaf = NONE;
  }

  /** A fence or an HTML block (but those a blank line ends) still open at the end of the body. */
  private unclosed(): UnclosedBlock | undefined {
    if (this.leaf === FENCED) return { index: this.opened, opener: this.opener, closer: this.opener };
    if (this.leaf === HTML && this.htmlType <= 5) return { index: this.opened, opener: this.opener, closer: HTML_CLOSER[this.htmlType] ?? `</${this.opener.slice(1).toLowerCase()}>` };
    return undefined;
  }

  private findNextNonspace(): void {
    const text = this.text;
    let i = this.offset;
    let columns = this.column;
    let c = text.charCodeAt(i);
    for (; ; c = text.charCodeAt(++i)) {
      if (c === 32) columns++;
      else if (c === 9) columns += 4 - (columns % 4);
      else break;
    }
    this.blank = i >= text.length;
    this.next = i;
    this.nextColumn = columns;
    this.indent = columns - this.column;
  }

  private advanceNextNonspace(): void {
    this.offset = this.next;
    this.column = this.nextColumn;
    this.partialTab = false;
  }

  private advanceOffset(count: number, columns: boolean): void {
    const text = this.text;
    while (count > 0 && this.offset < text.length) {
      if (text.charCodeAt(this.offset) === 9) {
        const toTab = 4 - (this.column % 4);
        if (columns) {
          this.partialTab = toTab > count;
          const advance = toTab > count ? count : toTab;
          this.column += advance;
          if (!this.partialTab) this.offset++;
          count -= advance;
        } else {
          this.partialTab = false;
          this.column += toTab;
          this.offset++;
          count--;
        }
      } else {
        this.partialTab = false;
        this.offset++;
        this.column++;
        count--;
      }
    }
  }
}

/** A character a block other than a paragraph can start with (or indentation, or a table's delimiter row). */
function maybeSpecial(c: number): boolean {
  switch (c) {
    case 32: case 9: // blanks
    case 35: case 96: case 126: case 42: case 43: case 95: case 61: case 60: case 62: case 45: case 124: case 58: // # ` ~ * + _ = < > - | :
      return true;
    default:
      return isDigit(c);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isBlankFrom(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}

/** Three or more of the same `*`, `_` or `-` and nothing else but blanks, from `start`. */
function isThematicBreak(text: string, start: number, marker: number): boolean {
  let count = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === marker) count++;
    else if (!isBlank(c)) return false;
  }
  return count >= 3;
}

/** The HTML block a line starts (CommonMark's types 1-7), 0 for none; type 7 cannot interrupt a paragraph. */
function htmlBlockType(rest: string, type7: boolean): number {
  if (HTML_RAW.test(rest)) return 1;
  const c = rest.charCodeAt(1);
  if (c === 33 /* ! */) {
    if (rest.startsWith('<!--')) return 2;
    const d = rest.charCodeAt(2);
    if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122)) return 4;
    return rest.startsWith('<![CDATA[') ? 5 : 0;
  }
  if (c === 63 /* ? */) return 3;
  if (HTML_BLOCK.test(rest)) return 6;
  return type7 && HTML_TAG.test(rest) ? 7 : 0;
}

/** What opens an HTML block of a type that only its end closes: `<pre`, `<!--`, `<?`, `<!DOCTYPE`, `<![CDATA[`. */
function htmlOpener(rest: string, type: number): string {
  if (type === 2) return '<!--';
  if (type === 3) return '<?';
  if (type === 5) return '<![CDATA[';
  return /^<!?[A-Za-z]*/.exec(rest)![0];
}

/** The heading on `line`, its words from `start` (after its `#`s), with the id of its marker if it has one. */
function headingOf(line: string, start: number, index: number, level: number): Heading {
  const words = headingWords(line, start);
  // Most headings carry no comment: the pattern needs a `<!--`.
  const marker = words.includes('<!--') ? MARKER.exec(words) : null;
  if (!marker) return { index, level, text: words.trim() };
  const text = (words.slice(0, marker.index) + words.slice(marker.index + marker[0].length)).trim();
  return { index, level, text, id: marker[1]! };
}

/** A heading's words: blanks and a closing sequence of `#` (after a blank) taken off. */
function headingWords(text: string, start: number): string {
  let end = text.length;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  let hashes = end;
  while (hashes > start && text.charCodeAt(hashes - 1) === 35 /* # */) hashes--;
  if (hashes < end && (hashes === start || isBlank(text.charCodeAt(hashes - 1)))) end = hashes;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  return text.slice(start, end);
}

/** The cells of a table row: split at pipes but escaped ones, a leading and a trailing pipe optional. */
function cellCount(row: string): number {
  let start = 0;
  let end = row.length;
  while (start < end && isBlank(row.charCodeAt(start))) start++;
  while (end > start && isBlank(row.charCodeAt(end - 1))) end--;
  if (row.charCodeAt(start) === 124 /* | */) start++;
  let pipes = 0;
  let trailing = false;
  for (let i = start; i < end; i++) {
    const c = row.charCodeAt(i);
    trailing = false;
    if (c === 92 /* \ */) i++;
    else if (c === 124) {
      pipes++;
      trailing = i === end - 1;
    }
  }
  return pipes + 1 - (trailing ? 1 : 0);
}

/**
 * The box at the start of an item's first paragraph (micromark-extension-gfm-task-list-item):
 * `[`, a blank, `x` or `X` (or our `-`), `]`, then blanks and text, or the end of the line when the
 * paragraph goes on. A `[` ending the line leaves the box to the next one. A tab in the box counts
 * only where it is one column wide (micromark reads a wider one as more than one character).
 */
function taskStart(content: string, index: number, column: number): PendingTask | undefined {
  if (content.charCodeAt(0) !== 91 /* [ */) return undefined;
  if (content.length === 1) return { index, state: 'open', parts: [], minLines: Infinity };
  const c = content.charCodeAt(1);
  const state = BOX_STATE[c];
  if (state === undefined || content.charCodeAt(2) !== 93 /* ] */ || (c === 9 && column % 4 !== 2)) return undefined;
  const after = afterBox(content, 3);
  return after && { index, state, parts: [after.text], minLines: after.needsMore ? 2 : 1 };
}

function afterBox(content: string, from: number): { text: string; needsMore: boolean } | undefined {
  if (from < content.length && !isBlank(content.charCodeAt(from))) return undefined;
  let start = from;
  while (isBlank(content.charCodeAt(start))) start++;
  return { text: content.slice(start), needsMore: start >= content.length };
}

/** The lines of a body by index: an array of them, or the body itself and where each line starts. */
interface BodyLines {
  readonly count: number;
  /** The line from `from` (its start by default) to its end. */
  text(index: number, from?: number): string;
  /** Lines [start, end) joined by line breaks. */
  joined(start: number, end: number): string;
}

function arrayLines(lines: readonly string[]): BodyLines {
  return {
    count: lines.length,
    text: (index) => lines[index]!,
    joined: (start, end) => lines.slice(start, end).join('\n'),
  };
}

function bodyLines(body: string, starts: readonly number[]): BodyLines {
  const endOf = (index: number) => (index + 1 < starts.length ? starts[index + 1]! - 1 : body.length);
  return {
    count: starts.length,
    text: (index, from = starts[index]!) => body.slice(from, endOf(index)),
    joined: (start, end) => (start < end ? body.slice(starts[start], endOf(end - 1)) : ''),
  };
}

function sectionsOf(lines: BodyLines, headings: readonly Heading[]): Section[] {
  const sections: Section[] = [];
  for (let position = 0; position < headings.length; position++) {
    const heading = headings[position]!;
    if (!heading.id) continue;
    let next: Heading | undefined;
    for (let other = position + 1; other < headings.length; other++) {
      const candidate = headings[other]!;
      if (candidate.id || candidate.level <= heading.level) {
        next = candidate;
        break;
      }
    }
    const start = heading.index + 1;
    // A section ends before trailing blank lines, so replacing it keeps the spacing around headings.
    let end = next ? next.index : lines.count;
    while (end > start && lines.text(end - 1).trim() === '') end--;
    sections.push({
      id: heading.id,
      heading: heading.text,
      level: heading.level,
      headingIndex: heading.index,
      start,
      end,
      content: lines.joined(start, end).trim(),
    });
  }
  return sections;
}

export function findSections(lines: string[]): Section[] {
  return sectionsOf(arrayLines(lines), readBlocks(lines).headings);
}

/** The sections and the actions of a body, from one reading of its blocks: what reading a review needs. */
export function readBody(lines: string[], onText?: TextVisitor): { sections: Section[]; actions: Action[]; blocks: Blocks } {
  const blocks = readBlocks(lines, onText);
  const sections = sectionsOf(arrayLines(lines), blocks.headings);
  return { sections, actions: actionsOf(blocks.tasks, sections), blocks };
}

/**
 * readBody without splitting the body into lines or reading its blocks with readBlocks (`onText` is
 * told of the same lines), for a body made of the lines most reviews are: ATX headings, blank lines, paragraphs, and bullet
 * items (`- `, `* `, `+ `) whose text starts with a word or a box. Any other line (indented, a
 * quote, code, HTML, a table, a setext underline, a thematic break, an ordered item, a marker
 * before a tab) gives undefined: readBody decides those. Within a line a tab or a carriage return
 * is a character like any other, to both. What this reads is what
 * readBlocks reads then: no container but one bullet item a line, so a line at the margin either
 * starts a block or continues the open paragraph, lazily when it is an item's. A property test
 * holds the two equal.
 */
export function readPlainBody(body: string, onText?: TextVisitor): { sections: Section[]; actions: Action[]; blocks: Blocks } | undefined {
  // The visitor's lines (index, where its text starts, whether it starts an item), told once the body is known to be plain.
  const texts: number[] | undefined = onText && [];
  const starts: number[] = [];
  const headings: Heading[] = [];
  const tasks: TaskItem[] = [];
  // The open paragraph: its lines, its last line, and the task its box makes if it is an item's.
  let lines = 0;
  let last = 0;
  let task: PendingTask | undefined;
  const closeParagraph = () => {
    if (task && lines >= task.minLines) tasks.push({ index: task.index, state: task.state, text: task.parts.join('\n'), last });
    task = undefined;
    lines = 0;
  };
  for (let start = 0, index = 0; ; index++) {
    let end = body.indexOf('\n', start);
    if (end === -1) end = body.length;
    starts.push(start);
    const c = body.charCodeAt(start);
    const level = c === 35 /* # */ ? headingLevel(body, start, end) : 0;
    if (start === end || (isBlank(c) && isBlankBetween(body, start, end))) closeParagraph();
    else if (level > 0) {
      closeParagraph();
      headings.push(headingOf(body.slice(start, end), level, index, level));
    } else if ((c === 45 /* - */ || c === 42 /* * */ || c === 43) /* + */ && body.charCodeAt(start + 1) === 32) {
      const content = start + 2;
      if (content >= end || maybeSpecial(body.charCodeAt(content))) return undefined;
      closeParagraph();
      lines = 1;
      last = index;
      task = taskStart(body.slice(content, end), index, 2);
      if (task?.minLines === Infinity) return undefined;
      texts?.push(index, content, 1);
    } else if (!isParagraphText(body, start, end)) return undefined;
    else {
      if (lines > 0) {
        // The paragraph goes on: an item's lazily, as no line here is indented.
        lines++;
        task?.parts.push(body.slice(start, end));
      } else lines = 1;
      last = index;
      texts?.push(index, start, 0);
    }
    if (end === body.length) break;
    start = end + 1;
  }
  closeParagraph();
  const byLine = bodyLines(body, starts);
  if (onText && texts) for (let at = 0; at < texts.length; at += 3) onText(texts[at]!, byLine.text(texts[at]!, texts[at + 1]), texts[at + 2] === 1);
  const sections = sectionsOf(byLine, headings);
  return { sections, actions: actionsOf(tasks, sections), blocks: { headings, tasks } };
}

/**
 * Whether the line text[start, end), neither blank, a heading nor a bullet item with text, is
 * paragraph text to readBlocks: no other block starts there. Any doubt is a no.
 */
function isParagraphText(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  if (!maybeSpecial(c)) return true;
  switch (c) {
    case 35: // `#words`
      return true;
    case 42: // a bare `*` or `+` is an empty item, and so is one before a tab; `***` a thematic break
    case 43:
      return start + 1 < end && text.charCodeAt(start + 1) !== 9 && !(c === 42 && isThematicBreak(text.slice(start, end), 0, c));
    case 95: // `___` is a thematic break, `_words_` emphasis
      return !isThematicBreak(text.slice(start, end), 0, c);
    case 96: // three backticks or tildes may open a fence; `code` is prose
    case 126:
      return !(text.charCodeAt(start + 1) === c && text.charCodeAt(start + 2) === c);
    default:
      // An ordered item's marker, or a number; any other character (an indent, `-`, `>`, `<`, `=`, `|`, `:`) may start a block.
      return isDigit(c) && !isOrderedMarker(text, start, end);
  }
}

function isBlankBetween(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}

/** The level of the ATX heading text[start, end) is (`#` to `######`, then a blank or the end), or 0. */
function headingLevel(text: string, start: number, end: number): number {
  let level = 1;
  while (level < 7 && text.charCodeAt(start + level) === 35 /* # */) level++;
  return level <= 6 && (start + level >= end || isBlank(text.charCodeAt(start + level))) ? level : 0;
}

/** An ordered item's marker starts text[start, end): up to 9 digits, `.` or `)`, then a blank or the end. */
function isOrderedMarker(text: string, start: number, end: number): boolean {
  let length = 1;
  while (length < 10 && isDigit(text.charCodeAt(start + length))) length++;
  const delimiter = text.charCodeAt(start + length);
  return length <= 9 && (delimiter === 46 /* . */ || delimiter === 41) /* ) */ && (start + length + 1 >= end || isBlank(text.charCodeAt(start + length + 1)));
}

/** Each task as an action, in the section it is under. */
function actionsOf(tasks: readonly TaskItem[], sections: readonly Section[]): Action[] {
  return tasks.map((task) => {
    // Same keys in the same order as `{ ...parseActionText(text), state, lineIndex }`.
    const action = parseActionText(task.text) as Action;
    action.state = task.state;
    action.lineIndex = task.index;
    const section = sections.find((s) => s.headingIndex < task.index && task.index < Math.max(s.end, s.start + 1));
    if (section) action.section = section.id;
    return action;
  });
}

const OWNER = /(^|\s)@([A-Za-z0-9][\w.-]*)/g;
const DUE = /(^|\s)due:(\S+)/g;
const SINCE = /(^|\s)since:((?:FY)?\d{4}(?:-W\d{2}|-Q\d|-\d{2})?)(?=\s|$)/g;
const TAG = /(^|\s)#([\p{L}\p{N}][\p{L}\p{N}_/-]*)/gu;

/** `Call Globex's sponsor @ana due:2026-11-20 #globex` → title, owner, due, tags. */
export function parseActionText(text: string): Omit<Action, 'state' | 'lineIndex'> {
  return parseActionWords(text) ?? parseActionTokens(text);
}

/** The definition: each kind of token found and removed by its pattern, in this order. */
function parseActionTokens(text: string): Omit<Action, 'state' | 'lineIndex'> {
  const owner = [...text.matchAll(OWNER)][0]?.[2];
  const due = [...text.matchAll(DUE)][0]?.[2];
  const since = [...text.matchAll(SINCE)][0]?.[2];
  const tags = [...text.matchAll(TAG)].map((match) => match[2]!.toLowerCase());
  const title = text
    .replace(OWNER, '$1')
    .replace(DUE, '$1')
    .replace(SINCE, '$1')
    .replace(TAG, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/<\\(\\*)!--/g, '<$1!--');
  const action: Omit<Action, 'state' | 'lineIndex'> = { title, tags };
  if (owner) action.owner = owner;
  if (due) action.due = due;
  if (since) action.since = since;
  return action;
}

const SINCE_LABEL = /^(?:FY)?\d{4}(?:-W\d{2}|-Q\d|-\d{2})?$/;
const TAG_NAME = /^[\p{L}\p{N}][\p{L}\p{N}_/-]*$/u;

/** Characters the word-by-word reading leaves to the patterns: controls, `<`, and white space other than a space. */
// eslint-disable-next-line no-control-regex
const UNUSUAL = /[\u0000-\u001f<\u007f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `[A-Za-z0-9][\w.-]*`, the whole of text[start, end). */
function isOwnerName(text: string, start: number, end: number): boolean {
  if (start >= end || !isAsciiAlnum(text.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isAsciiAlnum(c) && c !== 95 /* _ */ && c !== 46 /* . */ && c !== 45 /* - */) return false;
  }
  return true;
}

/** `[\p{L}\p{N}][\p{L}\p{N}_/-]*`, the whole of text[start, end). */
function isTagName(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return TAG_NAME.test(text.slice(start, end));
    if (!isAsciiAlnum(c) && (i === start || (c !== 95 /* _ */ && c !== 47 /* / */ && c !== 45 /* - */))) return false;
  }
  return true;
}

/**
 * parseActionTokens for the usual action, word by word: when the words are separated by single
 * spaces and each word starting like a token (`@`, `#`, `due:`, `since:`) is that token whole, each
 * pattern matches exactly those words, and removing them leaves the other words joined by spaces.
 * Anything else (`#tag,`, `@`, `<!--`, tabs, …) returns undefined for the patterns to decide.
 * Property tests check both agree.
 */
function parseActionWords(text: string): Omit<Action, 'state' | 'lineIndex'> | undefined {
  const length = text.length;
  // One pattern over the whole text, then words between spaces: faster than a test of each character.
  if (length === 0 || text.charCodeAt(length - 1) === 32 || UNUSUAL.test(text)) return undefined;
  const tags: string[] = [];
  let owner: string | undefined;
  let due: string | undefined;
  let since: string | undefined;
  // The title's words are sliced a run at a time: the words between tokens, usually all before them.
  let title: string | undefined;
  let runStart = -1;
  let runEnd = -2;
  const endRun = () => {
    if (runStart >= 0) title = title === undefined ? text.slice(runStart, runEnd) : `${title} ${text.slice(runStart, runEnd)}`;
  };
  for (let start = 0; start < length; ) {
    let end = text.indexOf(' ', start);
    if (end === -1) end = length;
    if (end === start) return undefined;
    const first = text.charCodeAt(start);
    if (first === 64 /* @ */) {
      if (!isOwnerName(text, start + 1, end)) return undefined;
      owner ??= text.slice(start + 1, end);
    } else if (first === 35 /* # */) {
      if (!isTagName(text, start + 1, end)) return undefined;
      tags.push(text.slice(start + 1, end).toLowerCase());
    } else if (first === 100 /* d */ && text.startsWith('due:', start)) {
      if (end - start === 4) return undefined;
      due ??= text.slice(start + 4, end);
    } else if (first === 115 /* s */ && text.startsWith('since:', start)) {
      const label = text.slice(start + 6, end);
      if (!SINCE_LABEL.test(label)) return undefined;
      since ??= label;
    } else if (runEnd === start - 1) runEnd = end;
    else {
      endRun();
      runStart = start;
      runEnd = end;
    }
    start = end + 1;
  }
  endRun();
  const action: Omit<Action, 'state' | 'lineIndex'> = { title: title ?? '', tags };
  if (owner) action.owner = owner;
  if (due) action.due = due;
  if (since) action.since = since;
  return action;
}

/**
 * The `#tags` of a text, lowercased: what TAG's matches give, by a scan from one `#` to the next
 * (every quote is read for tags; the pattern's Unicode classes cost a rollup more than the rest of
 * a quote). A property test checks both agree.
 */
export function tagsIn(text: string): string[] {
  const tags: string[] = [];
  for (let at = text.indexOf('#'); at >= 0; at = text.indexOf('#', at + 1)) {
    if (at > 0 && !isWhiteSpace(text.charCodeAt(at - 1))) continue;
    let end = at + 1 + tagCharLength(text, at + 1, true);
    if (end === at + 1) continue;
    for (let length = tagCharLength(text, end, false); length > 0; length = tagCharLength(text, end, false)) end += length;
    tags.push(text.slice(at + 1, end).toLowerCase());
    // A tag holds no `#`: the next one is after it.
    at = end - 1;
  }
  return tags;
}

/** `\s`: ASCII white space, and the rest of JavaScript's for the rare other character. */
function isWhiteSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && WHITE_SPACE.test(String.fromCharCode(c)));
}

const WHITE_SPACE = /^\s$/;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/**
 * The length (in UTF-16 units) of the tag character at `index` (`[\p{L}\p{N}]`, and `_`, `/`, `-`
 * after the first), or 0. A character outside ASCII is one code point: a surrogate pair whole.
 */
function tagCharLength(text: string, index: number, first: boolean): number {
  if (index >= text.length) return 0;
  const c = text.charCodeAt(index);
  if (c < 0x80) return isAsciiAlnum(c) || (!first && (c === 95 /* _ */ || c === 47 /* / */ || c === 45)) /* - */ ? 1 : 0;
  const pair = c >= 0xd800 && c <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  return LETTER_OR_NUMBER.test(text.slice(index, index + pair)) ? pair : 0;
}

/** The text with the `#tags` tagsIn finds taken out; the white space around them stays. */
export function withoutTags(text: string): string {
  return text.replace(TAG, '$1');
}

const CHECKBOX: Record<ActionState, string> = { open: ' ', done: 'x', dropped: '-' };

export function formatAction(action: Omit<Action, 'lineIndex'>): string {
  const parts = [`- [${CHECKBOX[action.state]}] ${escapeInline(action.title)}`];
  if (action.owner) parts.push(`@${action.owner}`);
  if (action.due) parts.push(`due:${action.due}`);
  for (const tag of action.tags) parts.push(`#${tag}`);
  if (action.since) parts.push(`since:${action.since}`);
  return parts.join(' ');
}


const LIST_MARKER = String.raw`(?:[-*+]|\d{1,9}[.)])`;
/** A line starting a task item (in any list, maybe quoted): an action, not an item of a list answer. */
const TASK_LINE = new RegExp(String.raw`^[ \t]*(?:>[ \t]*)*(?:${LIST_MARKER}[ \t]+)+\[[ \txX-]\][ \t]`);

/** Items of a markdown list; continuation lines stay with their item. */
export function parseListItems(content: string): string[] {
  const items: string[] = [];
  for (const line of content.split('\n')) {
    // A task line has a box: a line without a `[` (nearly every item of a list answer) is none.
    const task = line.includes('[') && TASK_LINE.test(line);
    const item = /^[ \t]{0,1}[-*+][ \t]+([^\n]*)$/.exec(line);
    if (item && !task) items.push(unescapeProse(item[1]!.trim()));
    else if (line.trim() !== '' && items.length > 0 && /^[ \t]{2,}/.test(line))
      items[items.length - 1] += `\n${unescapeProse(line.trim())}`;
    else if (line.trim() !== '' && !task) items.push(unescapeProse(line.trim()));
  }
  return items.filter((item) => item !== '');
}

export function formatListItems(items: readonly string[]): string {
  return items
    .filter((item) => item.trim() !== '')
    .map((item) => `- ${escapeProse(item.trim()).split('\n').join('\n  ')}`)
    .join('\n');
}

/**
 * Answers are prose, but a line that looks like a heading, a fence, a front-matter fence, a
 * task box (bare, or after list or quote markers of any kind: it would be read as an action), an
 * HTML block that only its end tag closes (`<pre`, `<?`, `<!DOCTYPE`: it would hide the rest of the
 * file) or a marker comment would change the file's structure; escape just those so they read back
 * as typed. The escape is a backslash after the line's indentation (kept as typed), and one more
 * backslash in every `<!--` (`<\!--`, `<\\!--`, …), so unescapeProse is its exact inverse.
 */
const STRUCTURE = String.raw`#|\`\`\`|~~~|---|===|(?:>[ \t]*|${LIST_MARKER}[ \t]+)*\[[ \txX-]\]|<(?:\?|![a-z[]|(?:script|pre|style|textarea)(?:[\s>]|$))|\\`;
const ESCAPED_LINE = new RegExp(`^(\\s*)(?=${STRUCTURE})`, 'i');
const UNESCAPED_LINE = new RegExp(`^(\\s*)\\\\(?=${STRUCTURE})`, 'i');

export function escapeProse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(ESCAPED_LINE, '$1\\'))
    .join('\n')
    .replace(/<(\\*)!--/g, '<\\$1!--');
}

export function unescapeProse(text: string): string {
  // Both escapes are backslashes: text without one (nearly all) is read as it is.
  if (!text.includes('\\')) return text;
  return text
    .replace(/<\\(\\*)!--/g, '<$1!--')
    .split('\n')
    .map((line) => line.replace(UNESCAPED_LINE, '$1'))
    .join('\n');
}

/** One line, with `<!--` escaped as in escapeProse (parseActionText undoes it). */
function escapeInline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/<(\\*)!--/g, '<\\$1!--');
}

export function parseProse(content: string): string {
  return unescapeProse(content);
}

export function formatProse(text: string): string {
  return escapeProse(text.trim());
}

/** `Acme: "it saves a day"` → who and what, for quotes and value claims attributed to a customer. */
export function splitAttribution(item: string): { who?: string; text: string } {
  const match = /^\*{0,2}([^:*\n]{1,60}?)\*{0,2}:\s+([\s\S]*)$/.exec(item);
  if (!match) return { text: item };
  return { who: match[1]!.trim(), text: match[2]!.trim() };
}

/**
 * Replace the task items of a section (an amend's actions) with `content`, and keep everything
 * else the person wrote there: notes, tables, code, sub-headings. The new items take the place of
 * the first old one (the top of the section when it had none); a section holding nothing but its
 * items is replaced whole, as replaceSection does.
 */
export function replaceTaskItems(lines: string[], section: { id: string; heading: string; level?: number }, content: string): string[] {
  const existing = findSections(lines).find((candidate) => candidate.id === section.id);
  if (!existing) return replaceSection(lines, section, content);
  const tasks = readBlocks(lines).tasks.filter((task) => task.index >= existing.start && task.index < existing.end);
  const taskLines = new Set(tasks.flatMap((task) => Array.from({ length: task.last - task.index + 1 }, (_, offset) => task.index + offset)));
  const kept = (index: number) => !taskLines.has(index) && lines[index]!.trim() !== '';
  let others = false;
  for (let index = existing.start; index < existing.end; index++) others ||= kept(index);
  if (!others) return replaceSection(lines, section, content);
  const items = content.trim() === '' ? [] : content.trim().split('\n');
  const body: string[] = [];
  if (tasks.length === 0 && items.length > 0) body.push('', ...items);
  for (let index = existing.start; index < existing.end; index++) {
    if (index === tasks[0]?.index) body.push(...items);
    if (!taskLines.has(index)) body.push(lines[index]!);
  }
  return [...lines.slice(0, existing.start), ...body, ...lines.slice(existing.end)];
}

/** Replace the answer under a section heading, or append a new section, keeping everything else. */
export function replaceSection(lines: string[], section: { id: string; heading: string; level?: number }, content: string): string[] {
  const existing = findSections(lines).find((s) => s.id === section.id);
  const contentLines = content.trim() === '' ? [] : content.trim().split('\n');
  if (existing) {
    const before = lines.slice(0, existing.start);
    const after = lines.slice(existing.end);
    const blankBefore = contentLines.length > 0 ? [''] : [];
    return [...before, ...blankBefore, ...contentLines, ...after];
  }
  const result = [...lines];
  while (result.length > 0 && result[result.length - 1]!.trim() === '') result.pop();
  const level = '#'.repeat(section.level ?? 2);
  // A heading is one line: a multi-line prompt (a YAML `|` block) or a `<!--` in it would move or
  // hide the marker, and the answer could never be found again.
  result.push('', `${level} ${escapeInline(section.heading).trim()}  <!-- q:${section.id} -->`);
  if (contentLines.length > 0) result.push('', ...contentLines);
  result.push('');
  return result;
}
