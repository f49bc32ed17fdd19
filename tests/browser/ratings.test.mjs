// Ratings end to end in headless Chromium: a citizen rates a service in the widget on the
// foreign host page, another on the standalone page with JavaScript off; staff publish and
// answer in the console; each citizen then sees the answer (in the widget, on the page and
// through the receipt). The badge on the host page; axe-core on the widget, the page, the
// console and the host page with its badge. The organisation's public page without JavaScript:
// its activities, twelve months of answers as a chart and a table, open data; axe-core on it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, axeViolations, formMinAgeMs } from "./harness.mjs";

let env;
const widgetSel = '[data-coproduce="our-services"]';

before(async () => {
  env = await start();
});
after(async () => {
  await env?.stop();
});

/** Staff publish the story that starts with `text` and answer it in public as `role`. */
async function publishAndAnswer(text, answer, role) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await env.login(page);
  await page.goto(`${env.backend}/console/activities/our-services?lang=en`);
  const story = page.locator("article.cp-report", { hasText: text });
  await story.getByRole("button", { name: "Publish", exact: true }).click();
  await page.waitForLoadState();
  const published = page.locator("article.cp-report", { hasText: text });
  await published.getByLabel("Public answer").fill(answer);
  await published.getByLabel("Your role").fill(role);
  await published.getByRole("button", { name: "Answer", exact: true }).click();
  await page.waitForLoadState();
  await page.locator("article.cp-report", { hasText: answer }).waitFor();
  await context.close();
}

test("the badge on the host page says the figures as text, and links nothing it was not given", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(env.host);
  const badge = page.locator(".participation", { hasText: "How are we doing?" }).locator("a", { hasText: "of 5" });
  await badge.waitFor({ timeout: 30_000 });
  assert.match(await badge.textContent(), /^Day care centre Nord: \d[.,]\d of 5 from 1 ratings · 100 % answered$/);
  assert.match(await badge.getAttribute("href"), /\/o\/stadtteilhaus-nord\/ratings\/our-services/);
  await context.close();
});

test("a citizen rates in the widget, sees field errors, sends; staff answer; the widget shows the answer", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(env.host);
  const widget = page.locator(widgetSel);
  await widget.scrollIntoViewIfNeeded();
  await widget.getByRole("heading", { name: "How are we doing?" }).waitFor({ timeout: 30_000 });
  // The demo's figures and answered stories are there.
  await widget.getByRole("heading", { name: "Day care centre Nord" }).first().waitFor();
  await widget.getByText("From next month we stay open until 6 pm on two days.").first().waitFor();

  // No service and no overall rating: the server says which fields, in the reader's language.
  await page.waitForTimeout(formMinAgeMs);
  await widget.getByLabel("Your story", { exact: true }).fill("Kind <b>people</b> & short waits.");
  await widget.getByRole("button", { name: "Send my rating" }).click();
  await widget.locator(".cp-errors").waitFor();
  assert.match(await widget.locator(".cp-field-error").first().textContent(), /Please choose a service/);
  assert.equal(await widget.getByLabel("Your story", { exact: true }).inputValue(), "Kind <b>people</b> & short waits.", "what was typed is kept");

  await widget.getByLabel("Which service?").selectOption("debt-advice");
  await widget.getByRole("group", { name: "Your overall rating" }).getByLabel("4 stars").check();
  await widget.getByRole("group", { name: "Waiting time" }).getByLabel("5 stars").check();
  await widget.getByLabel("Name shown with your story").fill("Sam <i>");
  await widget.getByRole("button", { name: "Send my rating" }).click();
  await widget.locator(".cp-notice >> text=Thank you! Your rating was sent.").waitFor();
  const receipt = await widget.locator("a.cp-receipt").getAttribute("href");
  assert.match(receipt, /\/o\/stadtteilhaus-nord\/receipt\//);

  await publishAndAnswer("Kind <b>people</b>", "Thank you, Sam <3 – we pass it on.", "Counselling team");

  await page.reload();
  await widget.scrollIntoViewIfNeeded();
  const mine = widget.locator("article.cp-report", { hasText: "Kind <b>people</b> & short waits." });
  await mine.waitFor({ timeout: 30_000 });
  assert.match(await mine.textContent(), /Sam <i>/);
  assert.match(await mine.locator(".cp-answer").textContent(), /Answer from Counselling team.*Thank you, Sam <3 – we pass it on\./s);
  assert.equal(await mine.locator("b, i").count(), 0, "markup in stories and names stays text");

  // "Helpful" counts once per person.
  await mine.getByRole("button", { name: "Helpful" }).click();
  await widget.getByText("Thank you: your \"helpful\" was counted.").waitFor();
  await mine.getByText("1 people found this helpful").waitFor();
  await mine.getByRole("button", { name: "Helpful" }).click();
  await widget.getByText("You said before that this story was helpful.").waitFor();

  // The receipt shows the answer too.
  await page.goto(receipt);
  await page.getByText("Thank you, Sam <3 – we pass it on.").waitFor();
  await context.close();
});

test("with JavaScript off a citizen rates on the page, then reads the answer through the receipt", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/ratings/our-services?lang=en`);
  await page.getByRole("heading", { name: "How are we doing?" }).waitFor();
  await page.waitForTimeout(formMinAgeMs);
  // A wrong month first: the page comes back with the error and what was typed.
  await page.getByLabel("Which service?").selectOption("youth-club");
  await page.getByRole("group", { name: "Your overall rating" }).getByLabel("2 stars").check();
  await page.getByLabel("Your story", { exact: true }).fill("The club closed early three times without notice.");
  await page.getByLabel("When was it? (year and month)").evaluate((e) => e.setAttribute("type", "text"));
  await page.getByLabel("When was it? (year and month)").fill("last week");
  await page.getByRole("button", { name: "Send my rating" }).click();
  await page.locator(".cp-field-error").first().waitFor();
  assert.equal(await page.getByLabel("Your story", { exact: true }).inputValue(), "The club closed early three times without notice.");
  await page.getByLabel("When was it? (year and month)").evaluate((e) => e.setAttribute("type", "text"));
  await page.getByLabel("When was it? (year and month)").fill("2026-11");
  await page.waitForTimeout(formMinAgeMs); // the page came back with a new form
  await page.getByRole("button", { name: "Send my rating" }).click();
  await page.getByText("Thank you! Your rating was sent.").waitFor();
  const receipt = page.url();
  assert.match(receipt, /\/receipt\//);
  await page.getByText("Waiting to be read by a moderator.").waitFor();

  await publishAndAnswer("closed early three times", "We now post changes to opening hours a week ahead.", "Youth club lead");

  await page.goto(receipt);
  await page.getByText("We now post changes to opening hours a week ahead.").waitFor();
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/ratings/our-services?lang=en`);
  const story = page.locator("article.cp-report", { hasText: "closed early three times" });
  assert.match(await story.textContent(), /Youth club: 2 \/ 5 stars.*2026-11.*Answer from Youth club lead/s);
  await context.close();
});

test("the ratings widget, the standalone page, the console and the badge's host page pass axe-core", async () => {
  const context = await env.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(env.host);
  const widget = page.locator(widgetSel);
  await widget.scrollIntoViewIfNeeded();
  await widget.getByRole("heading", { name: "How are we doing?" }).waitFor({ timeout: 30_000 });
  await page.locator(".participation a", { hasText: "of 5" }).waitFor();
  assert.deepEqual(await axeViolations(page), [], "host page with the ratings widget and the badge");
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/ratings/our-services?lang=en`);
  assert.deepEqual(await axeViolations(page), [], "standalone page");
  await env.login(page);
  await page.goto(`${env.backend}/console/activities/our-services?lang=en`);
  assert.deepEqual(await axeViolations(page), [], "console");
  await context.close();
});

test("the organisation's page works without JavaScript: activities, figures by month, open data", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // The host page links it.
  await page.goto(env.host);
  const link = page.getByRole("link", { name: "How we answer you: our public figures" });
  await page.goto(await link.getAttribute("href") + "?lang=en");
  await page.getByRole("heading", { name: "Stadtteilhaus Nord" }).waitFor();
  for (const title of ["Youth centre", "Barriers in our neighbourhood", "How are we doing?", "Youth centre survey"]) {
    await page.getByRole("list").getByRole("link", { name: title }).first().waitFor();
  }
  const figures = await page.locator(".cp-figures").innerText();
  assert.match(figures, /Contributions received\s+\d+/);
  assert.match(figures, /Answered\s+\d+ %/);
  const months = page.locator("table", { has: page.locator("caption", { hasText: "By month" }) }).locator("tbody tr");
  assert.equal(await months.count(), 12);
  assert.equal(await page.locator("figure svg rect").count(), 24, "a bar and its answered part a month");
  const data = await (await fetch(`${env.backend}/o/stadtteilhaus-nord/open-data.json`)).json();
  assert.equal(data.licence.id, "CC-BY-4.0");
  assert.ok(data.activities.some((a) => a.kind === "ratings" && a.records.length > 0));
  await page.getByRole("link", { name: "GeoJSON: Barriers in our neighbourhood" }).waitFor();
  await context.close();

  const withAxe = await env.browser.newContext({ bypassCSP: true });
  const again = await withAxe.newPage();
  await again.goto(`${env.backend}/o/stadtteilhaus-nord?lang=en`);
  assert.deepEqual(await axeViolations(again), [], "the organisation's page");
  await withAxe.close();
});
