/**
 * What a person would see wrong with a page's layout, found from bounding boxes in the browser:
 * an element that sticks out of its card or the window, and text drawn over other text. The
 * expression is evaluated in the page (tests/helpers/browser.ts `evaluate`).
 */

export interface LayoutProblems {
  /** The page scrolls sideways. */
  pageWidth: { scrollWidth: number; innerWidth: number };
  /** Elements (HTML or SVG text) whose box passes the edge of the card (section, header, nav) or window holding them. */
  overflowing: string[];
  /** Pairs of text runs whose boxes overlap. */
  overlapping: string[];
}

/** One pixel of slack: sub-pixel rounding is no overflow or overlap anyone sees. */
export const LAYOUT_PROBLEMS = `(() => {
  const slack = 1;
  const describe = (node) => {
    const element = node.nodeType === 1 ? node : node.parentElement;
    const text = (node.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return element.tagName.toLowerCase() + (element.getAttribute('class') ? '.' + element.getAttribute('class').split(' ').join('.') : '') + ' "' + text + '"';
  };
  const containerOf = (element) => element.parentElement.closest('section, header.page-header, nav, main > footer') || document.body;
  const scrolls = (element) => { for (let at = element.parentElement; at; at = at.parentElement) { const style = getComputedStyle(at); if (style.overflowX === 'auto' || style.overflowX === 'scroll') return true; } return false; };
  const overflowing = [];
  for (const element of document.querySelectorAll('body *')) {
    if (element.closest('svg') && element.tagName.toLowerCase() !== 'text') continue;
    if (element.tagName.toLowerCase() === 'style' || element.getClientRects().length === 0 || scrolls(element)) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const outer = containerOf(element).getBoundingClientRect();
    const edge = { left: Math.max(outer.left, 0), right: Math.min(outer.right, innerWidth) };
    if (box.left < edge.left - slack || box.right > edge.right + slack) overflowing.push(describe(element) + ' ' + Math.round(box.left) + '–' + Math.round(box.right) + ' in ' + Math.round(edge.left) + '–' + Math.round(edge.right));
  }
  // Every visible run of text, as the boxes of its lines.
  const runs = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest('style, title, desc')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const style = getComputedStyle(node.parentElement);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    for (const rect of range.getClientRects()) if (rect.width > 0.5 && rect.height > 0.5) runs.push({ node, rect });
  }
  runs.sort((a, b) => a.rect.top - b.rect.top);
  const overlapping = [];
  for (let i = 0; i < runs.length; i++) {
    const a = runs[i];
    for (let j = i + 1; j < runs.length && runs[j].rect.top < a.rect.bottom - slack; j++) {
      const b = runs[j];
      if (a.node === b.node) continue;
      const x = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
      const y = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
      if (x > slack && y > slack) overlapping.push(describe(a.node) + ' × ' + describe(b.node));
    }
  }
  return { pageWidth: { scrollWidth: document.documentElement.scrollWidth, innerWidth }, overflowing: overflowing.slice(0, 20), overlapping: overlapping.slice(0, 20) };
})()`;
