// Surveys end to end in headless Chromium: answering embedded on the foreign host page (with
// its draft kept across a reload), on the standalone page with JavaScript off (Back keeps the
// answers), building one with logic in the console, results, and accessibility of them all.
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

const survey = '[data-coproduce="youth-survey"]';

test("the embedded survey follows the logic, keeps its draft across a reload and sends", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(env.host);
  const widget = page.locator(survey);
  await widget.scrollIntoViewIfNeeded();
  await widget.locator(".cp-question").waitFor({ timeout: 30_000 });
  assert.equal(await widget.locator(".cp-question").textContent(), "Youth centre survey");
  assert.match(await widget.locator(".cp-progress").textContent(), /Page 1 \/ 2/);

  // Nothing chosen: the error at the question and in the summary, focusable from there.
  await widget.getByRole("button", { name: "Next" }).click();
  await widget.locator(".cp-errors").waitFor();
  assert.match(await widget.locator(".cp-field-error").first().textContent(), /required|Pflicht|fill/i);
  await widget.getByLabel("Every week").check();
  await widget.getByRole("button", { name: "Next" }).click();
  await widget.getByText("How do you like the youth centre?").waitFor();
  assert.match(await widget.locator(".cp-progress").textContent(), /Page 2 \/ 3/, "the logic showed page 2");

  // Three wishes where two are allowed: refused at the question.
  await widget.getByLabel("Longer opening hours").check();
  await widget.getByLabel("A quiet room").check();
  await widget.getByLabel("More sport").check();
  await widget.getByRole("button", { name: "Next" }).click();
  await widget.locator(".cp-field-error >> text=Please choose fewer answers.").waitFor();
  await widget.getByLabel("More sport").uncheck();
  await widget.getByLabel("4", { exact: true }).check();
  await widget.getByRole("button", { name: "Next" }).click();
  await widget.getByText("Anything else we should know?").waitFor();

  // A reload (or a lost connection) loses nothing: the draft is in the browser.
  await page.reload();
  await widget.scrollIntoViewIfNeeded();
  await widget.getByText("Anything else we should know?").waitFor({ timeout: 30_000 });
  await widget.getByRole("button", { name: "Back" }).click();
  await widget.getByText("How do you like the youth centre?").waitFor();
  assert.equal(await widget.getByLabel("A quiet room").isChecked(), true);
  assert.equal(await widget.getByLabel("4", { exact: true }).isChecked(), true);
  await widget.getByRole("button", { name: "Next" }).click();

  await page.waitForTimeout(formMinAgeMs);
  await widget.getByLabel("Anything else we should know?").fill("A <b>table</b> football");
  await widget.getByLabel("9", { exact: true }).check();
  await widget.getByRole("button", { name: "Send my answers" }).click();
  await widget.locator(".cp-notice >> text=Thank you! Your answers were sent.").waitFor();
  const receipt = await widget.locator("a.cp-receipt").getAttribute("href");
  assert.match(receipt, /\/o\/stadtteilhaus-nord\/receipt\//);
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("coproduce:")));
  assert.deepEqual(stored, [], "the draft is gone once sent");

  // The receipt shows the answers as text.
  await page.goto(receipt);
  assert.match(await page.locator(".cp-answers").textContent(), /A <b>table<\/b> football/);
  await context.close();
});

test("each widget's first view is the loader's request, made while the bundles download", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const asked = [];
  page.on("request", (r) => {
    if (/\/api\/v1\/orgs\/stadtteilhaus-nord\/activities\/[^/]+\?/.test(r.url())) asked.push(r.url());
  });
  await page.goto(env.host);
  for (const key of ["youth-survey", "youth-centre", "community-garden", "barriers"]) {
    const widget = page.locator(`[data-coproduce="${key}"]`);
    await widget.scrollIntoViewIfNeeded();
    await widget.locator(".cp-root h2, .cp-root h1, .cp-question").first().waitFor({ timeout: 30_000 });
  }
  const api = `${env.backend}/api/v1/orgs/stadtteilhaus-nord/activities`;
  // One request each, in the widget's language (the garden's snippet says German): a widget
  // that did not take the loader's answer would ask a second time.
  assert.deepEqual(asked.sort(), [
    `${api}/barriers?lang=en`,
    `${api}/community-garden?lang=de`,
    `${api}/youth-centre?lang=en`,
    `${api}/youth-survey?lang=en`,
  ]);
  await context.close();
});

test("with JavaScript off the standalone page goes page by page, skips by the logic and Back keeps answers", async () => {
  // One response per person (browser and address): each test answers as someone else.
  const context = await env.browser.newContext({ javaScriptEnabled: false, userAgent: "survey test: no JavaScript" });
  const page = await context.newPage();
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/surveys/youth-survey?lang=en`);
  await page.getByLabel("Never").check();
  await page.getByLabel("How old are you?").fill("15");
  await page.getByRole("button", { name: "Next" }).click();
  // "Never": the page about the centre is skipped.
  await page.getByText("Anything else we should know?").waitFor();
  assert.equal(await page.getByText("How do you like the youth centre?").count(), 0);
  await page.getByLabel("Anything else we should know?").fill("Nothing for now");
  await page.getByRole("button", { name: "Back" }).click();
  assert.equal(await page.getByLabel("Never").isChecked(), true);
  assert.equal(await page.getByLabel("How old are you?").inputValue(), "15");
  await page.getByRole("button", { name: "Next" }).click();
  assert.equal(await page.getByLabel("Anything else we should know?").inputValue(), "Nothing for now", "answers of later pages are kept too");
  await page.getByRole("button", { name: "Send my answers" }).click();
  await page.locator("text=Thank you! Your answers were sent.").waitFor();
  assert.match(page.url(), /\/o\/stadtteilhaus-nord\/receipt\/.*new=1/);
  // Plain language, switched on a page without losing what was chosen.
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/surveys/youth-survey?lang=de`);
  await page.getByLabel("Manchmal").check();
  await page.getByRole("button", { name: "Leichte Sprache" }).click();
  await page.getByText("Wie oft sind Sie im Jugend-Zentrum?").waitFor();
  assert.equal(await page.getByLabel("Manchmal").isChecked(), true);
  await context.close();
});

test("staff build a survey with logic in the console, preview and publish it; citizens answer; results show", async () => {
  // axe is injected as an inline script, which the console's policy rightly refuses.
  const staffContext = await env.browser.newContext({ bypassCSP: true });
  const staff = await staffContext.newPage();
  await env.login(staff);
  await staff.getByLabel("Kind of activity").selectOption("survey");
  await staff.locator("#new-board-title").fill("Opening hours");
  await staff.locator("#new-board-question").fill("When should we be open?");
  await staff.getByRole("button", { name: "Create board" }).click();
  await staff.getByText("Not published yet").waitFor();
  const key = new URL(staff.url()).pathname.split("/").pop();
  const add = async (type, id, text, options = "") => {
    await staff.getByLabel("Type").selectOption(type);
    await staff.getByLabel("Short name (used in results and rules)").fill(id);
    await staff.getByLabel("Question in English").fill(text);
    await staff.getByLabel("Answers to choose from").fill(options);
    await staff.getByRole("button", { name: "Add a question" }).click();
    await staff.getByText("Saved.").waitFor();
  };
  await add("yes_no", "weekend", "Should we open at weekends?");
  await add("single_choice", "day", "Which day?", "Saturday\nSunday");
  // Reorder with the keyboard: focus the button and press Enter.
  await staff.getByRole("button", { name: "Move up: day" }).focus();
  await staff.keyboard.press("Enter");
  await staff.getByText("Saved.").waitFor();
  assert.deepEqual(await staff.locator(".cp-builder-page code").allTextContents(), ["day", "weekend"]);
  await staff.getByRole("button", { name: "Move down: day" }).click();
  await staff.getByText("Saved.").waitFor();
  // Logic in the draft's JSON: ask for the day only when weekends are wanted.
  const draft = JSON.parse(await staff.getByLabel("The draft as JSON").inputValue());
  draft.pages.push({ id: "when", questions: [draft.pages[0].questions.pop()] });
  draft.rules = [{ id: "weekend-day", when: { question: "weekend", op: "is", value: "yes" }, then: { do: "show_page", target: "when" } }];
  await staff.getByLabel("The draft as JSON").fill(JSON.stringify(draft));
  await staff.getByRole("button", { name: "Save the draft" }).click();
  await staff.getByText("Saved.").waitFor();
  assert.deepEqual(await axeViolations(staff), [], "survey builder");
  // A rule about a question that does not exist: refused by its name.
  draft.rules.push({ id: "broken", when: { question: "gone", op: "answered" }, then: { do: "end" } });
  await staff.getByLabel("The draft as JSON").fill(JSON.stringify(draft));
  await staff.getByRole("button", { name: "Save the draft" }).click();
  await staff.locator(".cp-errors >> text=(broken)").waitFor();
  await staff.goto(`${env.backend}/console/activities/${key}?lang=en`);
  await staff.getByRole("link", { name: "Preview the draft" }).click();
  await staff.getByText("Should we open at weekends?").waitFor();
  await staff.getByRole("link", { name: "Page 2" }).click();
  await staff.getByText("Which day?").waitFor();
  await staff.goBack();
  await staff.goBack();
  await staff.getByRole("button", { name: "Publish the draft" }).click();
  await staff.getByText("Citizens answer version 1").waitFor();

  // Citizens answer on the standalone page.
  const citizens = [["Yes", "Sunday"], ["Yes", "Sunday"], ["No", null]];
  for (const [i, [weekend, day]] of citizens.entries()) {
    // Three people: one response per person (browser and address).
    const context = await env.browser.newContext({ userAgent: `citizen ${i}` });
    const page = await context.newPage();
    await page.goto(`${env.backend}/o/stadtteilhaus-nord/surveys/${key}?lang=en`);
    await page.getByLabel(weekend).check();
    // Next, not Send: the answer decides whether a page follows (with "No", Next sends).
    await page.getByRole("button", { name: "Next" }).click();
    if (day) {
      await page.getByLabel(day).check();
      await page.getByRole("button", { name: "Send my answers" }).click();
    }
    await page.locator("text=Thank you! Your answers were sent.").waitFor();
    await context.close();
  }
  await staff.reload();
  assert.match(await staff.locator("main").textContent(), /3 responses to this version/);
  const table = staff.locator("section.cp-result", { hasText: "Which day?" }).locator("table");
  assert.match(await table.textContent(), /Sunday\s*2\s*100 %/);
  assert.deepEqual(await axeViolations(staff), [], "survey results");
  await staffContext.close();
});

test("every page of the survey, embedded and standalone, and the receipt have no WCAG 2.2 AA violations", async () => {
  const context = await env.browser.newContext({ bypassCSP: true, userAgent: "survey test: accessibility" });
  const page = await context.newPage();
  await page.goto(env.host);
  const widget = page.locator(survey);
  await widget.scrollIntoViewIfNeeded();
  await widget.locator(".cp-question").waitFor({ timeout: 30_000 });
  assert.deepEqual(await axeViolations(page, survey), [], "embedded survey, page 1");
  await widget.getByRole("button", { name: "Next" }).click();
  await widget.locator(".cp-errors").waitFor();
  assert.deepEqual(await axeViolations(page, survey), [], "embedded survey with errors");

  await page.goto(`${env.backend}/o/stadtteilhaus-nord/surveys/youth-survey?lang=de`);
  assert.deepEqual(await axeViolations(page), [], "standalone page 1");
  await page.getByLabel("Jede Woche").check();
  await page.getByRole("button", { name: "Weiter" }).click();
  await page.getByText("Wie gefällt Ihnen das Jugendzentrum?").waitFor();
  assert.deepEqual(await axeViolations(page), [], "standalone page 2");
  await page.getByRole("button", { name: "Weiter" }).click();
  await page.getByText("Was sollen wir noch wissen?").waitFor();
  assert.deepEqual(await axeViolations(page), [], "standalone page 3");
  await page.waitForTimeout(formMinAgeMs);
  await page.getByRole("button", { name: "Antworten absenden" }).click();
  await page.locator("text=Danke! Ihre Antworten wurden gesendet.").waitFor();
  assert.deepEqual(await axeViolations(page), [], "receipt");
  await context.close();
});
