/** The report page's stylesheet, inlined into the page: no external fonts or files. */
// Calm on screen, plain on paper. Red means not receiving value or missed, green held or
// resolved, grey not due yet, a dashed outline before a ritual started or after it ended.

export const STYLE = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f4f5f7;--card:#fff;--navy:#243b53;--red:#c8403a;--red-dark:#7f1d1d;--green:#3a8f57;--amber:#b7791f;--grey:#dde1e6}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:1080px;margin:0 auto;padding:24px 20px 40px}
.site-nav{background:var(--navy)}
.site-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px 18px;max-width:1080px;margin:0 auto;padding:10px 20px}
.site-nav a,.site-nav span{color:#fff;text-decoration:none;font-weight:600}
.site-nav a:hover{text-decoration:underline}
.site-nav [aria-current]{border-bottom:2px solid #fff}
section,.page-header{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:18px 22px;margin:0 0 16px}
.page-header{border-top:4px solid var(--navy)}
.eyebrow{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.06em;font-size:12px}
h1{margin:2px 0 4px;font-size:26px;line-height:1.25;color:var(--navy)}
h1 .range{font-weight:400;color:var(--muted);font-size:18px;white-space:nowrap}
.meta{margin:0;color:var(--muted)}
h2{margin:0 0 8px;font-size:18px;color:var(--navy)}
h3{margin:14px 0 6px;font-size:15px}
h4{margin:10px 0 4px;font-size:14px}
.lead{margin:0 0 8px}
.muted{color:var(--muted);font-weight:400}
.empty{color:var(--muted);margin:4px 0}
.bad{color:var(--red)}.warn{color:var(--amber)}.good{color:var(--green)}
.summary-lines{list-style:none;margin:0;padding:0}
.summary-lines li{position:relative;padding:6px 0 6px 20px;border-bottom:1px solid var(--line)}
.summary-lines li:last-child{border-bottom:0}
.summary-lines .dot{position:absolute;left:2px;top:12px;width:10px;height:10px;border-radius:50%;background:var(--grey)}
.tone-bad .dot{background:var(--red)}.tone-warn .dot{background:var(--amber)}.tone-good .dot{background:var(--green)}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;margin:4px 0 6px;padding:0;font-size:12px;color:var(--muted)}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:14px;height:10px;border-radius:2px;background:var(--grey)}
.swatch.held,.swatch.flag-resolved{background:var(--green)}
.swatch.missed,.swatch.flag-open{background:var(--red)}
.swatch.not-due{background:var(--grey)}
.swatch.skipped{background:#fff;border:1.5px solid #7b8794;box-sizing:border-box}
.swatch.not-started{background:none;border:1px dashed #9aa5b1}
.swatch.flag-escalated{background:var(--red);outline:2px solid var(--red-dark);outline-offset:-1px}
.swatch.today{width:2px;height:12px;background:var(--navy)}
.swatch.average{height:0;border-top:2px dashed #9aa5b1;background:none}
.swatch.series{background:var(--c)}
.swatch.line{height:3px}
.swatch.mark{height:8px;width:8px;transform:rotate(45deg);margin:0 3px}
figure{margin:6px 0 12px;break-inside:avoid;page-break-inside:avoid}
figcaption{font-weight:600;margin:8px 0 2px}
figcaption h3{display:inline;margin:0 8px 0 0}
.fact{font-weight:400;color:var(--muted);margin-right:12px}
.trend.up{color:var(--green)}.trend.down{color:var(--red)}
svg.chart{display:block;width:100%;height:auto;overflow:visible}
.chart text{font-size:12px;fill:var(--muted);font-family:inherit}
.chart .row-label{fill:var(--ink);font-weight:600}
.chart .group-label{fill:var(--navy);font-weight:700;font-size:12px}
.chart .group-rule{stroke:var(--line)}
.chart .row-value{fill:var(--ink);font-weight:600}
.chart .row-value.bad{fill:var(--red)}
.chart .tick{font-size:11px}
.chart .axis-title{fill:var(--ink);font-weight:600}
.chart .axis-note{font-size:11px}
.cal-cell{fill:var(--grey)}
.cal-cell.held{fill:var(--green)}
.cal-cell.missed{fill:var(--red)}
.cal-cell.skipped{fill:#fff;stroke:#7b8794;stroke-width:1.5}
.chart .cell-label{fill:#fff;font-size:11px;font-weight:600}
.cal-cell.not-started,.cal-cell.ended{fill:none;stroke:#9aa5b1;stroke-dasharray:2 2}
.chart .cell-label.not-due,.chart .cell-label.not-started,.chart .cell-label.ended{fill:var(--muted)}
.week-grid{stroke:#eef0f3}
.y-grid{stroke:#e4e7eb}
.today{stroke:var(--navy);stroke-width:1.5;stroke-dasharray:3 3}
.flag-bar.open{fill:var(--red)}
.flag-bar.resolved{fill:var(--green);opacity:.85}
.flag-bar.escalated{stroke:var(--red-dark);stroke-width:2.5}
.chart .carried{fill:#fff;font-size:10px}
.chart .bar-label{font-size:11px}.chart .bar-label.bad{fill:var(--red);font-weight:600}
.score-series{color:var(--c)}
.score-line{fill:none;stroke:currentColor;stroke-width:2;stroke-linejoin:round}
.score-point{fill:currentColor;stroke:#fff;stroke-width:1}
.other-ritual .score-point{stroke-width:1.5}
.chart .panel-label{fill:var(--ink);font-weight:600}
.chart .panel-note{font-size:11px}
.chart .trend-up{fill:var(--green)}.chart .trend-down{fill:var(--red)}
.avg-line{stroke:#9aa5b1;stroke-width:1.5;stroke-dasharray:5 4}
.chart .avg-label{font-size:11px}
table{width:100%;border-collapse:collapse;margin:4px 0 8px;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
th{font-size:12px;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line)}
tr{break-inside:avoid;page-break-inside:avoid}
.nowrap{white-space:nowrap}.narrow{max-width:560px}.when{font-size:12px;color:var(--muted)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.overdue td:first-child{box-shadow:inset 3px 0 0 var(--red)}
.badge{display:inline-block;padding:0 6px;border-radius:9px;font-size:11px;font-weight:600;line-height:18px;white-space:nowrap;background:var(--grey);color:var(--ink)}
.badge.bad{background:#fbe4e2;color:var(--red)}
.badge.good{background:#e3f1e7;color:var(--green)}
.badge.warn{background:#fbf0dc;color:var(--amber)}
.badge.escalated{background:var(--red-dark);color:#fff}
.chips{list-style:none;display:flex;flex-wrap:wrap;gap:6px;padding:0;margin:4px 0}
.chip{border:1px solid var(--line);border-left:3px solid var(--amber);border-radius:4px;padding:2px 8px;background:#fffdf8}
.columns{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.6fr);gap:24px}
.themes{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:0 24px}
.themes li{display:grid;grid-template-columns:minmax(0,9em) 1fr 2.5em;align-items:center;gap:8px;padding:2px 0}
.theme-name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.theme-bar{background:#eef0f3;border-radius:3px;height:10px}
.theme-bar span{display:block;height:10px;border-radius:3px;background:#5c6f82}
.voice-groups{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:4px 24px}
.voice-group{break-inside:avoid;page-break-inside:avoid}
.voice-group h4{margin:8px 0 2px}
.tags{color:#52606d}
.spark{display:inline-flex;align-items:center;gap:8px;flex-wrap:wrap;vertical-align:middle}
.sparkline{vertical-align:middle;margin-left:6px}
.sparkline .spark-tick{font-size:9px;fill:var(--muted)}
.spark-note{font-size:12px;color:var(--muted)}
.table-wrap{overflow-x:auto;max-width:100%}
.flag-cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px;margin:8px 0 14px}
.flag-card{border:1px solid var(--line);border-left:5px solid var(--red);border-radius:6px;padding:10px 14px;break-inside:avoid;min-width:0}
.flag-card.escalated{border-left-color:var(--red-dark);background:#fff7f6}
.flag-card h3{margin:0 0 2px;font-size:16px}
.flag-card h4{margin:8px 0 2px;font-size:13px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.flag-facts,.flag-reason{margin:2px 0}
.doing-lead{margin:2px 0;font-size:13px;color:var(--muted)}
.doing li.overdue{color:var(--red-dark)}
.no-action{margin:4px 0;padding:6px 10px;border-radius:4px;background:#fde8e7;color:var(--red-dark)}
.overdue-banner{margin:0 0 8px;padding:8px 12px;border-radius:6px;background:#fde8e7;color:var(--red-dark);font-size:15px}
.voice-group.flagged h4{color:var(--red-dark)}
.sparkline polyline{fill:none;stroke:#2f6fb0;stroke-width:1.5;stroke-linejoin:round}
.sparkline .spark-base{stroke:var(--line)}
blockquote{margin:4px 0 6px;padding:1px 10px;border-left:3px solid #c5ccd3;color:var(--ink)}
blockquote p{margin:0;font-style:italic}
blockquote footer{font-size:12px;color:var(--muted)}
.more{color:var(--muted);font-size:12px;margin:2px 0}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:6px 0 4px}
.tile{border:1px solid var(--line);border-top:3px solid var(--grey);border-radius:6px;padding:8px 10px;break-inside:avoid}
.tile.tone-bad{border-top-color:var(--red)}.tile.tone-warn{border-top-color:var(--amber)}.tile.tone-good{border-top-color:var(--green)}
.tile-label{font-size:12px;color:var(--muted)}
.tile-value{font-size:24px;font-weight:700;line-height:1.2}
.tile-note{font-size:12px;color:var(--muted)}
.team{border-top:1px solid var(--line);padding-top:8px;margin-top:12px;break-inside:avoid;page-break-inside:avoid}
.team:first-of-type{border-top:0;margin-top:0}
ul.plain{margin:0;padding-left:18px}
code{font-size:12px;background:#eef0f3;padding:0 4px;border-radius:3px}
main>footer{color:var(--muted);font-size:12px;text-align:center;margin-top:8px}
@media screen and (max-width:700px){.site-nav ul{gap:2px 12px;padding:8px 10px;font-size:13px}table.stack thead{display:none}table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}table.stack tr{border-bottom:1px solid var(--line);padding:6px 0}table.stack td{border:0;padding:1px 0;text-align:left;white-space:normal}table.stack td.title{font-weight:600}table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:12px;font-weight:400}.columns{grid-template-columns:1fr}h1{font-size:22px}main{padding:12px 8px 24px}section,.page-header{padding:14px 12px}.flag-cards{grid-template-columns:1fr}}
@media print{
@page{margin:12mm}
body{background:#fff;font-size:11.5px}
main{max-width:none;padding:0}
section,.page-header{border:0;border-radius:0;padding:0;margin:0 0 14px;break-inside:auto}
.page-header{border-top:3px solid var(--navy);padding-top:6px}
h2{border-bottom:1px solid var(--line);padding-bottom:2px}
h2,h3,h4,.lead,.legend,figcaption{break-after:avoid;page-break-after:avoid}
svg.chart,figure,.tiles,.tile,blockquote,.voice-group,tr{break-inside:avoid;page-break-inside:avoid}
table{break-inside:auto;page-break-inside:auto}
thead{display:table-header-group}
.columns{display:block}
}
`.replace(/\n/g, '');
