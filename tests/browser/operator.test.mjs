// The installation operator's console in headless Chromium: log in with the operator's token,
// see every organisation with its sizes, create one (whose admin then logs in), switch it off
// (its page is gone, its admin cannot log in) and on again; no axe violations on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, axeViolations } from "./harness.mjs";

const token = "an operator token only this test knows";
let env;
before(async () => {
  env = await start({ COPRODUCE_OPERATOR_TOKEN: token });
});
after(async () => {
  await env?.stop();
});

test("the operator logs in, creates an organisation, switches it off and on", async () => {
  // axe is injected as an inline script, which the pages' policy rightly refuses.
  const context = await env.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${env.backend}/operator?lang=de`);
  await page.getByLabel("Betriebs-Token").waitFor();
  assert.deepEqual(await axeViolations(page), [], "login page, German");
  await page.goto(`${env.backend}/operator?lang=en`);
  assert.deepEqual(await axeViolations(page), [], "login page");

  await page.getByLabel("Operator token").fill("a wrong guess");
  await page.getByRole("button", { name: "Log in" }).click();
  assert.match(await page.getByRole("alert").textContent(), /token/i);
  await page.getByLabel("Operator token").fill(token);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Organisations of this installation" }).waitFor();
  assert.deepEqual(await axeViolations(page), [], "organisations");

  // The demo organisation with its sizes: its activities, the demo's contributions, one admin.
  const demo = page.getByRole("row").filter({ hasText: "stadtteilhaus-nord" });
  const cells = (await demo.getByRole("cell").allTextContents()).map((t) => t.trim());
  assert.ok(Number(cells[1]) >= 1, `activities: ${cells}`);
  assert.ok(Number(cells[2]) >= 1, `contributions: ${cells}`);
  assert.equal(cells[3], "1", `staff: ${cells}`);

  // A new organisation; its admin's password is shown once.
  await page.getByLabel(/Address name/).fill("werkhof-sued");
  await page.getByLabel("Name", { exact: true }).fill("Werkhof <Süd>");
  await page.getByLabel(/e-mail address/).fill("admin@werkhof.example");
  await page.getByRole("button", { name: "Create the organisation" }).click();
  const note = await page.getByRole("status").textContent();
  const password = note.match(/shown once: (\S+)/)[1];
  const row = page.getByRole("row").filter({ hasText: "werkhof-sued" });
  assert.match(await row.textContent(), /Werkhof <Süd>/, "the name as text, not markup");
  assert.deepEqual(await axeViolations(page), [], "after creating");

  // Its admin logs in to the staff console.
  const staff = await env.browser.newContext();
  const console = await staff.newPage();
  const logIn = async () => {
    await console.goto(`${env.backend}/console/login?lang=en`);
    await console.getByLabel("E-mail").fill("admin@werkhof.example");
    await console.getByLabel("Password").fill(password);
    await console.getByRole("button", { name: "Log in" }).click();
  };
  await logIn();
  await console.getByRole("heading", { name: "Dashboard" }).waitFor();

  // Switched off: its page is gone, its admin is logged out and cannot log in again.
  await row.getByRole("button", { name: "Switch off Werkhof <Süd>" }).click();
  assert.match(await page.getByRole("status").textContent(), /switched off/);
  await page.getByRole("button", { name: "Switch on Werkhof <Süd>" }).waitFor();
  assert.equal((await console.goto(`${env.backend}/o/werkhof-sued`)).status(), 404);
  await console.goto(`${env.backend}/console`);
  await console.getByLabel("Password").waitFor();
  await logIn();
  await console.getByRole("alert").waitFor();
  assert.equal(await console.getByRole("heading", { name: "Dashboard" }).count(), 0);

  // On again: page and login are back.
  await page.getByRole("button", { name: "Switch on Werkhof <Süd>" }).click();
  assert.match(await page.getByRole("status").textContent(), /switched on/);
  assert.equal((await console.goto(`${env.backend}/o/werkhof-sued`)).status(), 200);
  await logIn();
  await console.getByRole("heading", { name: "Dashboard" }).waitFor();

  // Logged out, the console is the login form again.
  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByLabel("Operator token").waitFor();
  await staff.close();
  await context.close();
});
