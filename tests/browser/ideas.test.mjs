// End to end in headless Chromium: the embed on a foreign, hostile host page; a citizen's idea
// and support; the staff's answer in the console; the no-JS standalone page; accessibility.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, axeViolations, formMinAgeMs } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

const youth = '[data-coproduce="youth-centre"]';
const garden = '[data-coproduce="community-garden"]';

async function openHost(contextOptions = {}) {
  const context = await env.browser.newContext(contextOptions);
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(env.host);
  await page.locator(`${youth} .cp-question`).waitFor({ timeout: 30_000 });
  return { page, requests };
}

test("the host page on another origin loads the embed, styled despite hostile CSS", async () => {
  const { page, requests } = await openHost();
  assert.equal(await page.locator(`${youth} .cp-question`).textContent(), "How should the new youth centre work?");
  const style = await page.locator(`${youth} .cp-body`).first().evaluate((el) => {
    const s = getComputedStyle(el);
    return { size: s.fontSize, family: s.fontFamily };
  });
  assert.equal(style.size, "16px");
  // Not rem: the host's root font size (22px here) must not leak in.
  assert.equal(await page.locator(`${youth} .cp-hint`).first().evaluate((el) => getComputedStyle(el).fontSize), "14px");
  assert.doesNotMatch(style.family, /Comic/);
  const button = await page.locator(`${youth} .cp-form button[type=submit]`).evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(button, "rgb(45, 106, 79)", "the host's --coproduce-accent, not its red buttons");
  const foreign = requests.filter((u) => !u.startsWith(env.host) && !u.startsWith(env.backend));
  assert.deepEqual(foreign, [], "no third-party requests");
  const cookies = await page.context().cookies();
  assert.deepEqual(cookies, [], "no cookies");
  // The loader that ran is the build's minified copy (the source carries comments).
  const loader = await (await fetch(`${env.backend}/embed.js`)).text();
  assert.doesNotMatch(loader, /\/\*|\n\s+/, "the minified loader is sent");
  await page.close();
});

test("the bundle loads only when the widget nears the viewport, in the host page's language", async () => {
  const page = await env.browser.newPage();
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  await page.goto(`${env.host}/far.html`);
  await page.waitForTimeout(1500);
  assert.equal(wasm.length, 0, "nothing downloaded while the widget is far below");
  await page.locator(youth).scrollIntoViewIfNeeded();
  await page.locator(`${youth} .cp-question`).waitFor();
  assert.equal(wasm.length, 1);
  assert.equal(await page.locator(youth).getByRole("button", { name: "Idee einreichen" }).count(), 1, "<html lang=de>");
  await page.close();
});

test("a citizen submits and supports an idea; staff answer it; the embed shows the answer", async () => {
  const { page } = await openHost();
  const widget = page.locator(youth);
  await page.waitForTimeout(formMinAgeMs);
  await widget.getByLabel("Your idea in one sentence").fill("Free bike repair on Fridays");
  await widget.getByLabel("Tell us more").fill("With tools and someone who knows how.");
  await widget.getByRole("button", { name: "Submit idea" }).click();
  await widget.locator(".cp-notice >> text=Your idea is now on the board").waitFor();
  // Sent, so the form is empty again for the next idea.
  assert.equal(await widget.getByLabel("Your idea in one sentence").inputValue(), "");
  assert.equal(await widget.getByLabel("Tell us more").inputValue(), "");
  const item = widget.locator(".cp-idea", { hasText: "Free bike repair on Fridays" });
  await item.waitFor();
  // What patching the board keeps across an action: a draft typed but not sent, the focus on
  // the button pressed, and the notice region itself (announced only if it existed before).
  await widget.getByLabel("Your idea in one sentence").fill("A draft not sent yet");
  await widget.evaluate((host) => { host.shadowRoot.querySelector(".cp-notice").coproduceMark = true; });
  await item.getByRole("button", { name: /Support/ }).click();
  await widget.locator(".cp-notice >> text=your support was counted").waitFor();
  assert.equal(await item.locator(".cp-support-count").textContent(), "1");
  assert.equal(await widget.getByLabel("Your idea in one sentence").inputValue(), "A draft not sent yet");
  const kept = await widget.evaluate((host) => ({
    focused: host.shadowRoot.activeElement?.getAttribute("aria-label"),
    region: host.shadowRoot.querySelector(".cp-notice").coproduceMark === true,
  }));
  assert.deepEqual(kept, { focused: "Support: Free bike repair on Fridays", region: true });
  // Once per person: a second click is refused with a clear message.
  await item.getByRole("button", { name: /Support/ }).click();
  await widget.locator(".cp-notice >> text=You already support this idea.").waitFor();
  assert.equal(await item.locator(".cp-support-count").textContent(), "1");

  // Staff answer in the console.
  const staff = await env.browser.newPage();
  await staff.goto(`${env.backend}/console/login`);
  await staff.getByLabel("E-mail").fill(env.admin.email);
  await staff.getByLabel("Password").fill(env.admin.password);
  await staff.getByRole("button", { name: "Log in" }).click();
  await staff.getByRole("link", { name: "New youth centre" }).click();
  // By heading: every idea's card has the same forms and buttons.
  const admin = staff.locator(".idea-admin", { has: staff.getByRole("heading", { name: "Free bike repair on Fridays" }) });
  await admin.locator("select[name=status]").selectOption("planned");
  await admin.locator("textarea[name=answer]").fill("Yes! We start in March with volunteers from the bike club.");
  await admin.getByRole("button", { name: "Save status and answer" }).click();
  await staff.locator("text=Saved.").waitFor();
  await staff.close();

  // The embed shows the answer.
  await page.reload();
  const answered = page.locator(youth).locator(".cp-idea", { hasText: "Free bike repair on Fridays" });
  await answered.locator(".cp-answer").waitFor();
  assert.match(await answered.locator(".cp-answer").textContent(), /We start in March/);
  assert.equal(await answered.locator(".cp-status").textContent(), "Planned");
  await page.close();
});

test("two widgets on one page work independently", async () => {
  const { page, requests } = await openHost();
  const other = page.locator(garden);
  await other.locator(".cp-question").waitFor();
  assert.equal(await other.locator(".cp-question").textContent(), "Was soll im Gemeinschaftsgarten wachsen?");
  assert.equal(await other.getByRole("button", { name: "Idee einreichen" }).count(), 1, "German from data-lang");
  assert.equal(requests.filter((u) => u.endsWith("/widget/ideas/coproduce-widgets_bg.wasm")).length, 1, "one download of the ideas bundle for both");
  await page.waitForTimeout(formMinAgeMs);
  await other.getByLabel("Ihre Idee in einem Satz").fill("Tomaten und Bohnen");
  await other.getByRole("button", { name: "Idee einreichen" }).click();
  await other.locator(".cp-idea", { hasText: "Tomaten und Bohnen" }).waitFor();
  assert.equal(await page.locator(youth).locator(".cp-idea", { hasText: "Tomaten und Bohnen" }).count(), 0);
  // A validation error shows in one widget only, next to its field.
  await page.locator(youth).getByRole("button", { name: "Submit idea" }).click();
  await page.locator(youth).locator(".cp-field-error >> text=Please fill in this field.").waitFor();
  assert.equal(await other.locator(".cp-field-error").count(), 0);
  // The error summary's link takes the focus to its field inside the widget and leaves the
  // host page's address alone (a plain #link cannot reach into a shadow root).
  const address = page.url();
  await page.locator(youth).locator(".cp-errors a").first().click();
  assert.equal(await page.locator(youth).evaluate((h) => h.shadowRoot.activeElement?.getAttribute("name")), "title");
  assert.equal(page.url(), address);
  // A single-page host can take one widget away; the other goes on working.
  await page.evaluate((sel) => document.querySelector(sel).coproduce.destroy(), garden);
  assert.equal(await other.locator(".cp-root").count(), 0, "destroyed widget unmounted");
  await page.locator(youth).getByLabel("Your idea in one sentence").fill("A quiet corner");
  await page.locator(youth).getByRole("button", { name: "Submit idea" }).click();
  await page.locator(youth).locator(".cp-idea", { hasText: "A quiet corner" }).waitFor();
  await page.close();
});

test("the standalone page submits, supports and reads with JavaScript disabled", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/ideas/youth-centre?lang=en`);
  assert.equal(await page.locator("h2.cp-question").textContent(), "How should the new youth centre work?");
  await page.waitForTimeout(formMinAgeMs);
  await page.getByLabel("Your idea in one sentence").fill("A?");
  await page.getByRole("button", { name: "Submit idea" }).click();
  await page.locator(".cp-field-error >> text=This is too short.").waitFor();
  await page.getByLabel("Your idea in one sentence").fill("Table tennis in the yard");
  await page.getByRole("button", { name: "Submit idea" }).click();
  await page.locator("text=Your idea is now on the board.").waitFor();
  assert.match(page.url(), /\/o\/stadtteilhaus-nord\/receipt\//);
  await page.getByRole("link", { name: "Ideas" }).click();
  const item = page.locator(".cp-idea", { hasText: "Table tennis in the yard" });
  await item.getByRole("button", { name: /Support/ }).click();
  await page.locator("text=your support was counted").waitFor();
  assert.equal(await page.locator(".cp-idea", { hasText: "Table tennis in the yard" }).locator(".cp-support-count").textContent(), "1");
  assert.equal(await page.locator(".cp-idea", { hasText: "Table tennis in the yard" }).locator(".cp-supports").textContent(), "1 support");
  // Sorting is a plain GET form.
  await page.getByLabel("Sort").selectOption("most_supported");
  await page.getByRole("button", { name: "Show" }).click();
  assert.match(page.url(), /sort=most_supported/);
  await context.close();
});

test("widget, standalone and receipt pages and console pages have no WCAG 2.2 AA violations", async () => {
  // axe is injected as an inline script, which the pages' policy rightly refuses.
  const { page } = await openHost({ bypassCSP: true });
  assert.deepEqual(await axeViolations(page, youth), [], "embedded widget");
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/ideas/youth-centre?lang=de`);
  assert.deepEqual(await axeViolations(page), [], "standalone page");
  await page.waitForTimeout(formMinAgeMs);
  await page.getByLabel("Ihre Idee in einem Satz").fill("Eine Werkbank für alle");
  await page.getByRole("button", { name: "Idee einreichen" }).click();
  await page.locator("text=Ihre Idee steht jetzt in der Sammlung.").waitFor();
  assert.deepEqual(await axeViolations(page), [], "receipt page");
  await page.goto(`${env.backend}/console/login`);
  assert.deepEqual(await axeViolations(page), [], "console login");
  await page.getByLabel("E-mail").fill(env.admin.email);
  await page.getByLabel("Password").fill(env.admin.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  assert.deepEqual(await axeViolations(page), [], "console dashboard");
  await page.getByRole("link", { name: "New youth centre" }).click();
  await page.getByRole("heading", { name: "New youth centre" }).waitFor();
  assert.deepEqual(await axeViolations(page), [], "console board page");
  await page.getByRole("link", { name: "Websites allowed to embed" }).click();
  await page.getByRole("heading", { name: "Staff", exact: true }).waitFor();
  assert.deepEqual(await axeViolations(page), [], "console settings");
  await page.close();
});
