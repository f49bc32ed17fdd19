// Map reports end to end in headless Chromium: staff point the demo map at a local tile
// server; a citizen reports on the foreign host page with the keyboard alone (the pin placed
// under the cross-hair), another without JavaScript by address; the reports are clustered on
// the map and listed; staff set a status with a note and the public history shows it; axe-core
// on the widget, the page and the console.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, axeViolations, formMinAgeMs, tileServer } from "./harness.mjs";

let env;
let tiles;
const widgetSel = '[data-coproduce="barriers"]';

before(async () => {
  tiles = await tileServer();
  env = await start({ COPRODUCE_MAP__PRIVATE_UPSTREAMS: "true" });
  // Staff point the demo map at the local tile server in the console's set-up form.
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await env.login(page);
  await page.goto(`${env.backend}/console/activities/barriers?lang=en`);
  const setup = page.locator('form[action*="/map/setup"]');
  await setup.getByLabel("Tile server ({z}, {x}, {y})").fill(`${tiles.url}/{z}/{x}/{y}.png`);
  await setup.getByLabel("Map credit").fill("Test tiles <b>local</b>");
  await setup.getByRole("button", { name: "Save" }).click();
  await page.getByText("Saved.").first().waitFor();
  await context.close();
});
after(async () => {
  await env?.stop();
  tiles?.close();
});

async function reports() {
  const res = await fetch(`${env.backend}/api/v1/orgs/stadtteilhaus-nord/activities/barriers/reports`);
  return (await res.json()).reports;
}

test("a citizen places the point with the keyboard alone and reports on the host page; tiles come only from the backend", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const asked = [];
  page.on("request", (r) => asked.push(r.url()));
  await page.goto(env.host);
  const widget = page.locator(widgetSel);
  await widget.scrollIntoViewIfNeeded();
  const show = widget.getByRole("button", { name: "Show the map" });
  await show.waitFor({ timeout: 30_000 });
  await show.focus();
  await page.keyboard.press("Enter");
  const canvas = widget.getByRole("application", { name: "Map of the reports" });
  await canvas.waitFor();
  await widget.locator(".leaflet-tile-loaded").first().waitFor({ timeout: 20_000 });
  // The credit is shown as the organisation typed it: as text.
  assert.match(await widget.locator(".leaflet-control-attribution").textContent(), /Test tiles <b>local<\/b>/);

  await canvas.focus();
  for (let i = 0; i < 3; i += 1) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowUp");
  await page.waitForTimeout(400);
  await page.keyboard.press("Enter");
  await widget.getByText(/Point placed:/).waitFor();
  const lat = Number(await widget.getByLabel("Latitude").inputValue());
  const lon = Number(await widget.getByLabel("Longitude").inputValue());
  assert.ok(lat > 52.525 && lat < 52.57 && lon > 13.32 && lon < 13.41, `${lat}, ${lon} inside the area`);

  await widget.getByLabel("What is it about?").focus();
  await widget.getByLabel("What is it about?").selectOption("path");
  await widget.getByLabel("Describe it").focus();
  await page.keyboard.type("Scooters <i>parked</i> across the pavement");
  await page.waitForTimeout(formMinAgeMs);
  await widget.getByRole("button", { name: "Send the report" }).focus();
  await page.keyboard.press("Enter");
  await widget.getByText("Thank you! Your report was sent.").waitFor({ timeout: 20_000 });

  const mine = (await reports()).find((r) => r.description.includes("Scooters"));
  assert.ok(mine, "stored");
  assert.equal(mine.category, "path");
  assert.ok(Math.abs(mine.at.lat - lat) < 1e-5 && Math.abs(mine.at.lon - lon) < 1e-5);
  // No request of the citizen's browser went to the tile server itself.
  assert.ok(tiles.asked() > 0, "the backend fetched tiles");
  assert.ok(!asked.some((u) => u.startsWith(tiles.url)), "the browser asked only the backend");
  await context.close();
});

test("the device's location, once allowed, places the point", async () => {
  const context = await env.browser.newContext({
    geolocation: { latitude: 52.5488, longitude: 13.3611 },
    permissions: ["geolocation"],
  });
  const page = await context.newPage();
  await page.goto(env.host);
  const widget = page.locator(widgetSel);
  await widget.scrollIntoViewIfNeeded();
  await widget.getByRole("button", { name: "Use my location" }).click({ timeout: 30_000 });
  await widget.getByText(/Point placed:/).waitFor();
  assert.equal(await widget.getByLabel("Latitude").inputValue(), "52.5488");
  assert.equal(await widget.getByLabel("Longitude").inputValue(), "13.3611");
  await context.close();
});

test("without JavaScript a citizen reports a barrier by its address on the standalone page", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/map/barriers?lang=en`);
  const overview = page.getByRole("img", { name: /Overview of the reports/ });
  await overview.waitFor();
  assert.ok(await overview.evaluate((img) => img.complete && img.naturalWidth === 640), "the overview image loads");
  await page.getByRole("link", { name: "Path blocked" }).click();
  await page.getByLabel("Describe it").fill("Bins block the ramp");
  await page.getByLabel("Address or landmark").fill("Müllerstraße 12");
  await page.waitForTimeout(formMinAgeMs);
  await page.getByRole("button", { name: "Send the report" }).click();
  await page.getByText("Thank you! Your report was sent.").waitFor();
  assert.match(await page.textContent("body"), /Bins block the ramp/);
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/map/barriers?lang=en`);
  await page.getByText("Müllerstraße 12").waitFor();
  await context.close();
});

test("reports are clustered on the map and listed beside it", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(env.host);
  const widget = page.locator(widgetSel);
  await widget.scrollIntoViewIfNeeded();
  await widget.getByRole("button", { name: "Show the map" }).click({ timeout: 30_000 });
  await widget.locator(".leaflet-tile-loaded").first().waitFor({ timeout: 20_000 });
  await widget.getByRole("heading", { name: /Reports in the map's view/ }).waitFor();
  await widget.locator("path.leaflet-interactive").first().waitFor({ timeout: 10_000 });
  assert.ok((await widget.locator("path.leaflet-interactive").count()) >= 1, "clusters drawn");
  const listed = await widget.locator("article.cp-report").count();
  // The demo's two reports with a point and the first test's; the one at a listed place only
  // (no point) is not in any view.
  assert.ok(listed >= 3, `the reports in view are listed (${listed})`);
  await context.close();
});

test("staff set a status with a public note and the public history shows it", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await env.login(page);
  await page.goto(`${env.backend}/console/activities/barriers?lang=en`);
  const item = page.locator("article.cp-report", { hasText: "Bins block the ramp" });
  await item.getByLabel("Status").selectOption("fixed");
  await item.getByLabel("Public note").fill("The bins have a new place.");
  await item.getByRole("button", { name: "Update" }).click();
  await page.getByText("Saved.").first().waitFor();

  const citizen = await (await env.browser.newContext({ javaScriptEnabled: false })).newPage();
  await citizen.goto(`${env.backend}/o/stadtteilhaus-nord/map/barriers?lang=en`);
  const report = citizen.locator("article.cp-report", { hasText: "Bins block the ramp" });
  await report.getByText("The bins have a new place.").waitFor();
  assert.match(await report.textContent(), /Status: Fixed/);
  assert.match(await report.textContent(), /Updates/);

  const host = await context.newPage();
  await host.goto(env.host);
  const widget = host.locator(widgetSel);
  await widget.scrollIntoViewIfNeeded();
  await widget.getByText("The bins have a new place.").waitFor({ timeout: 30_000 });
  await context.close();
});

test("the map widget (map open), the standalone page and the console pass axe-core", async () => {
  const context = await env.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(env.host);
  const widget = page.locator(widgetSel);
  await widget.scrollIntoViewIfNeeded();
  await widget.getByRole("button", { name: "Show the map" }).click({ timeout: 30_000 });
  await widget.locator(".leaflet-tile-loaded").first().waitFor({ timeout: 20_000 });
  assert.deepEqual(await axeViolations(page, widgetSel), []);
  await page.goto(`${env.backend}/o/stadtteilhaus-nord/map/barriers?lang=en&new=step`);
  assert.deepEqual(await axeViolations(page), []);
  await env.login(page);
  await page.goto(`${env.backend}/console/activities/barriers?lang=en`);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});
