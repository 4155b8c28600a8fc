// Loaded into every test process when TOUCHPOINT_TEST_NOW is set (see .ci/vitest.config.mjs):
// the process's clock starts at that instant and runs on from there, so that a whole run can be
// tried on another day (`TOUCHPOINT_TEST_NOW=2026-12-06T23:30:00Z npm test`). The Chromium
// harness starts each browser context at the same instant. Tests must pass whatever it is set to.
const at = process.env.TOUCHPOINT_TEST_NOW
const target = Date.parse(at ?? '')
if (Number.isNaN(target)) {
  throw new Error(`TOUCHPOINT_TEST_NOW must be an ISO 8601 instant such as 2026-12-06T23:30:00Z (got ${JSON.stringify(at)})`)
}

// Once per process: the collector project shares one module graph between its files.
if (!globalThis.__touchpointTestClock) {
  const RealDate = Date
  const offset = target - RealDate.now()
  const now = () => RealDate.now() + offset
  globalThis.__touchpointTestClock = { offset }
  // A Proxy rather than a subclass: `Date()` called without `new`, `instanceof Date` and every
  // static method keep working; only "now" moves.
  globalThis.Date = new Proxy(RealDate, {
    construct: (D, args, newTarget) => Reflect.construct(D, args.length ? args : [now()], newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (D, key) => (key === 'now' ? now : Reflect.get(D, key)),
  })
}
