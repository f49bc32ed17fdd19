// The console's forms in headless Chromium: a form that fails comes back with the message next
// to the field and what was typed, never an error body.
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

test("a console form with an invalid value shows the message next to the field and keeps what was typed", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await env.login(page);

  const form = page.locator("form#new-board");
  await form.getByLabel("Title").fill("ab");
  await form.getByLabel("Question").fill("What should the <b>library</b> offer?");
  await form.getByRole("button", { name: "Create board" }).click();

  const title = page.locator("form#new-board").getByLabel("Title");
  await title.waitFor();
  assert.equal(await title.getAttribute("aria-invalid"), "true");
  assert.equal(await title.inputValue(), "ab");
  const described = await title.getAttribute("aria-describedby");
  const message = await page.locator(`#${described.split(" ").pop()}`).textContent();
  assert.match(message, /too short/i);
  assert.equal(
    await page.locator("form#new-board").getByLabel("Question").inputValue(),
    "What should the <b>library</b> offer?",
    "kept exactly as typed",
  );
  // The summary at the top leads to the field.
  await page.locator("form#new-board .cp-errors a").first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "new-board-title");
  const contentType = await page.evaluate(() => document.contentType);
  assert.equal(contentType, "text/html");
  await context.close();
});
