// A hostile website on another origin attacks a staff member who is logged in to the console,
// in headless Chromium: the attack that worked before the security fixes (issue 12).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, formMinAgeMs } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

async function loggedInStaff() {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.backend}/console/login`);
  await page.getByLabel("E-mail").fill(env.admin.email);
  await page.getByLabel("Password").fill(env.admin.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  return { context, page };
}

async function allowedOrigins(page) {
  await page.goto(`${env.backend}/console/settings`);
  return page.locator("textarea[name=origins]").inputValue();
}

test("a hostile website's auto-submitted injection runs nothing and changes nothing", async () => {
  const { context, page } = await loggedInStaff();
  const before = await allowedOrigins(page);
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.goto(`${env.host}/evil.html`);
  await page.waitForURL((u) => u.href.startsWith(env.backend));
  await page.locator('[data-code="cross_site"]').waitFor();
  assert.match(await page.locator("h1").textContent(), /Sent from another website/);
  // Time for an injected script to have done its work, had one run.
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.notEqual(await page.title(), "pwned");
  assert.deepEqual(dialogs, []);
  assert.equal(await allowedOrigins(page), before, "the console's settings are unchanged");
  const board = await (await fetch(`${env.backend}/api/v1/orgs/stadtteilhaus-nord/activities/youth-centre`)).json();
  assert.ok(!board.ideas.some((i) => i.title.includes("hostile")), "nothing was stored");
  await context.close();
});

test("markup typed into the page's form comes back as text, and the page runs no script", async () => {
  const { context, page } = await loggedInStaff();
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/ideas/youth-centre?lang=en`);
  await page.waitForTimeout(formMinAgeMs);
  await page.getByLabel("Your idea in one sentence").fill("ab");
  await page.getByLabel("Tell us more").fill(env.payload);
  await page.getByRole("button", { name: "Submit idea" }).click();
  await page.locator(".cp-field-error >> text=This is too short.").waitFor();
  assert.equal(await page.getByLabel("Tell us more").inputValue(), env.payload, "kept exactly as typed");
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.doesNotMatch(await allowedOrigins(page), /attacker/);
  await context.close();
});

test("the console's embed preview runs under the console's content security policy", async () => {
  const { context, page } = await loggedInStaff();
  const refused = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  await page.getByRole("link", { name: "New youth centre" }).click();
  // The embed loads when it nears the viewport, as on any website.
  await page.locator(".preview").scrollIntoViewIfNeeded();
  await page.locator('.preview [data-coproduce="youth-centre"] .cp-question').waitFor({ timeout: 30_000 });
  assert.deepEqual(refused, []);
  await context.close();
});
