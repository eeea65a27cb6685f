// Preloaded into the built CLI (NODE_OPTIONS=--import …) by the time-zone tests: pins "now" to a
// local wall-clock time, RHYTHM_TEST_LOCAL_NOW=2027-01-01T00:00:30, in whatever TZ the process has.
// `today` is the local date by design (DESIGN §2), so two zones agree on it only at the same local
// time; this lets a test run "the same local moment" in each zone instead of the same instant.
const local = process.env.RHYTHM_TEST_LOCAL_NOW;
if (local) {
  const RealDate = Date;
  const fixed = new RealDate(local).getTime();
  if (Number.isNaN(fixed)) throw new Error(`RHYTHM_TEST_LOCAL_NOW=${local} is not a date-time`);
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(fixed);
      else super(...args);
    }
    static now() {
      return fixed;
    }
  }
  globalThis.Date = FixedDate;
}
