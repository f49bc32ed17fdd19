// The example host page does not jump while its widgets load: the cumulative layout shift
// (what Lighthouse reports as CLS) stays under 0.1 on a phone and on a desktop screen. The page
// reserves room for each widget until the widget marks its element ready (README, "Embedding").
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

/** Layout shifts not caused by input, summed, from navigation until both widgets show (the
 * second loads when scrolled near, as a reader would). */
async function shiftWhileLoading(viewport) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.hadRecentInput) window.__shifts.push(e.value);
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(env.host);
  for (const key of ["youth-centre", "community-garden"]) {
    const widget = page.locator(`[data-coproduce="${key}"]`);
    await widget.scrollIntoViewIfNeeded();
    await page.locator(`[data-coproduce="${key}"][data-coproduce-ready] .cp-question`).waitFor({ timeout: 30_000 });
  }
  // Layout shift entries arrive after the frame that shifted.
  await page.waitForTimeout(500);
  const shifts = await page.evaluate(() => window.__shifts);
  await context.close();
  return shifts.reduce((a, b) => a + b, 0);
}

test("the host page's layout shifts less than 0.1 while its widgets load, on a phone and a desktop", async () => {
  for (const viewport of [{ width: 412, height: 823 }, { width: 1280, height: 800 }]) {
    const cls = await shiftWhileLoading(viewport);
    assert.ok(cls < 0.1, `CLS ${cls.toFixed(3)} at ${viewport.width}×${viewport.height}`);
  }
});
