/**
 * The rules the site's own pages add to the report's stylesheet (html-style.ts): the customer
 * page's week strip and lists, the lists of teams and customers. Inline like the report's: no
 * file, font or image is fetched.
 */
export const SITE_STYLE = `
.customer-page h1 .badge{vertical-align:middle;font-size:12px}
.eyebrow .range{text-transform:none;letter-spacing:0;margin-left:4px}
.note{margin:8px 0 0;color:var(--muted);font-size:13px}
.weeks{list-style:none;display:flex;gap:2px;margin:8px 0 2px;padding:0}
.wk{flex:1 1 0;min-width:0;height:22px;border-radius:2px;background:var(--grey)}
.wk.contact,.swatch.wk-contact{background:#2f6fb0}
.wk.flagged,.swatch.wk-flagged{background:var(--red)}
.wk.none,.swatch.wk-none{background:var(--grey)}
.wk.ahead,.swatch.wk-ahead{background:none;border:1px dashed #9aa5b1}
.weeks-axis{display:flex;justify-content:space-between;font-size:11px;color:var(--muted);margin-bottom:4px}
ul.items{list-style:none;margin:0;padding:0}
.item{border-left:3px solid var(--grey);padding:4px 0 4px 12px;margin:0 0 10px}
.item p{margin:0}
.item-bad{border-left-color:var(--red)}.item-good{border-left-color:var(--green)}.item-warn{border-left-color:var(--amber)}.item-open{border-left-color:#2f6fb0}.item-closed{border-left-color:var(--grey);color:var(--muted)}
.item-head{margin-bottom:2px}
.item-text{overflow-wrap:anywhere}
.item-note{font-size:13px;overflow-wrap:anywhere}
.item-meta{font-size:12px;color:var(--muted)}
.item-closed .item-text{color:var(--ink)}
blockquote p{overflow-wrap:anywhere}
.item-title{font-weight:600;font-size:15px;overflow-wrap:anywhere}
.item-title .badge{vertical-align:middle}
ul.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:4px 24px}
@media (max-width:700px){main{padding:14px 10px 30px}section,.page-header{padding:14px 14px}}
`.replace(/\n/g, '');
