// Preloaded into a CLI run (NODE_OPTIONS=--import=<this file's URL>) so that its clock reads
// RHYTHM_TEST_NOW: the commands a workflow runs take no --date, and a workbook of 2026's reviews
// is overdue on any later day. Only the clock changes: `new Date()` and `Date.now()`.
const now = Date.parse(process.env.RHYTHM_TEST_NOW ?? '');
if (Number.isNaN(now)) throw new Error('fixed-clock.mjs: set RHYTHM_TEST_NOW to an ISO time');
const RealDate = Date;
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(now);
    else super(...args);
  }
  static now() {
    return now;
  }
}
globalThis.Date = FixedDate;
