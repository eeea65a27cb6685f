import { splitFrontMatter } from './frontmatter.js';

export const CONFLICT_MESSAGE = 'merge conflict marker: resolve the conflict (git status shows it), then run rhythm check';

const OPENER = /^<{7}(?: |$)/;
const BASE = /^\|{7}(?: |$)/;
const SEPARATOR = /^={7}[ \t]*$/;
const CLOSER = /^>{7}(?: |$)/;
const FENCE = /^ {0,3}(`{3,}(?!.*`)|~{3,})/;

/**
 * The 1-based lines of the merge-conflict markers git leaves in a file it could not merge:
 * `<<<<<<< ours`, `||||||| base` (diff3), `=======`, `>>>>>>> theirs`. Until the conflict is
 * resolved the file holds both sides, and a reader would take the markers for text (and each side's
 * quotes and actions for answers). Only an opener with a closer after it makes a conflict, so a lone
 * `=======` (a heading's underline in markdown) is no marker, and neither is a line inside a code
 * fence of the body.
 */
export function conflictMarkerLines(text: string): number[] {
  // Most files have no marker at all: one search decides.
  if (!text.includes('<<<<<<<') || !text.includes('>>>>>>>')) return [];
  const lines = text.split(/\r\n?|\n/);
  const bodyIndex = bodyStart(text);
  const markers: number[] = [];
  let open: number[] | undefined;
  let fence: string | undefined;
  lines.forEach((line, index) => {
    if (open) {
      if (OPENER.test(line)) open = [index];
      else if (BASE.test(line) || SEPARATOR.test(line)) open.push(index);
      else if (CLOSER.test(line)) {
        markers.push(...open.map((at) => at + 1), index + 1);
        open = undefined;
      }
      return;
    }
    if (index >= bodyIndex) {
      const fenceMark = FENCE.exec(line)?.[1];
      if (fence !== undefined) {
        if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && line.trim() === fenceMark) fence = undefined;
        return;
      }
      if (fenceMark) {
        fence = fenceMark;
        return;
      }
    }
    if (OPENER.test(line)) open = [index];
  });
  return markers;
}

/** The 0-based index of the body's first line; a front matter git split in two still ends where its fence does. */
function bodyStart(text: string): number {
  try {
    return splitFrontMatter(text).bodyLine - 1;
  } catch {
    return 0;
  }
}
