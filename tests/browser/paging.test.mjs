// A board longer than one page: every idea can be reached, in the embed ("more ideas" shows
// the next page below) and on the standalone page with JavaScript off (links page to page).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, formMinAgeMs } from "./harness.mjs";

let env;
const board = "community-garden";
const garden = `[data-coproduce="${board}"]`;

before(async () => {
  env = await start({ COPRODUCE_LIMITS__WRITES_PER_CLIENT_PER_MINUTE: "1000" });
  const api = `${env.backend}/api/v1/orgs/stadtteilhaus-nord/activities/${board}`;
  const { form_token } = await (await fetch(api)).json();
  await new Promise((r) => setTimeout(r, formMinAgeMs));
  for (let i = 1; i <= 60; i++) {
    const res = await fetch(`${api}/ideas`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ title: `Beet Nummer ${i}`, form_token }),
    });
    assert.equal(res.status, 201, await res.text());
  }
});
after(async () => {
  await env?.stop();
});

test("the embed shows the next page below the first when asked, down to the oldest idea", async () => {
  const page = await env.browser.newPage();
  await page.goto(env.host);
  const titles = page.locator(`${garden} .cp-idea-title`);
  await page.locator(`${garden} .cp-more`).waitFor({ timeout: 30_000 });
  assert.equal(await titles.count(), 50);
  assert.equal(await titles.first().textContent(), "Beet Nummer 60");
  await page.locator(`${garden} .cp-more`).click();
  await page.locator(`${garden} .cp-idea-title`, { hasText: /^Beet Nummer 1$/ }).waitFor();
  const shown = await titles.allTextContents();
  assert.equal(new Set(shown).size, shown.length, "each idea once");
  assert.ok(shown.length >= 60, `all of them: ${shown.length}`);
  assert.equal(await page.locator(`${garden} .cp-more`).isVisible(), false, "no more pages");
  await page.close();
});

test("with JavaScript off the standalone page links page to page and back to the start", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/ideas/${board}?lang=de`);
  const titles = page.locator(".cp-idea-title");
  assert.equal(await titles.count(), 50);
  await page.getByRole("button", { name: "Weitere Ideen" }).click();
  await page.waitForURL(/after=/);
  const second = await titles.allTextContents();
  assert.ok(second.includes("Beet Nummer 1"), second.join(", "));
  assert.ok(!second.includes("Beet Nummer 60"));
  await page.getByRole("link", { name: "Zurück zum Anfang der Liste" }).click();
  await page.waitForURL((url) => !url.search.includes("after="));
  assert.equal(await titles.first().textContent(), "Beet Nummer 60");
  await context.close();
});
