// Survey transfer sizes and time to the first answerable question, ours next to SurveyJS
// (pinned in bench/surveyjs/package.json), in headless Chromium on an emulated slow
// connection. Both pages show the same ten-question survey (bench/surveyjs/bench-survey.json,
// imported into ours through the console's SurveyJS import). Prints Markdown for
// BENCHMARKS.md; asserts nothing but that each page's first question really takes an answer.
// Usage (bench/survey runs it): COPRODUCE_BIN=… node bench/survey-ttfq.mjs [rounds]
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync, constants } from "node:zlib";
import { start } from "../tests/browser/harness.mjs";

const root = resolve(import.meta.dirname, "..");
const sjs = join(root, "bench/surveyjs/node_modules");
const model = readFileSync(join(root, "bench/surveyjs/bench-survey.json"), "utf8");
const rounds = Number(process.argv[2] ?? 7);
const firstTitle = "How often do you use the centre?";

// 1.6 Mbit/s down and up, 150 ms added to every request: the slow connection.
const slow = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 1_600_000 / 8 };
const conditions = [
  { name: "1.6 Mbit/s, 150 ms", cpu: 1 },
  { name: "the same and the CPU slowed 4×", cpu: 4 },
];

const gz9 = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** The host website: both pages (for the backend and survey `to` names, once known), and
 * SurveyJS's files as a web server sends them (gzip). */
function hostSite(to) {
  const shell = (head, body) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Survey</title>${head}</head>` +
    `<body><h1>Have your say</h1><p>Ten questions about the youth centre.</p>${body}</body></html>`;
  const pages = () => ({
    "/ours.html": shell(
      "",
      `<div id="survey"></div><script async src="${to.backend}/embed.js" data-org="stadtteilhaus-nord" data-kind="survey" data-activity="${to.key}" data-target="#survey" data-lang="en"></script>`,
    ),
    "/surveyjs.html": shell(
      `<link rel="stylesheet" href="/sjs/survey-core.min.css">`,
      `<div id="survey"></div><script src="/sjs/survey.core.min.js"></script><script src="/sjs/survey-js-ui.min.js"></script>` +
        `<script>new Survey.Model(${model.replaceAll("<", "\\u003c")}).render(document.getElementById("survey"));</script>`,
    ),
  });
  const files = {
    "/sjs/survey-core.min.css": ["survey-core/survey-core.min.css", "text/css"],
    "/sjs/survey.core.min.js": ["survey-core/survey.core.min.js", "text/javascript"],
    "/sjs/survey-js-ui.min.js": ["survey-js-ui/survey-js-ui.min.js", "text/javascript"],
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    let body, type;
    const page = pages()[path];
    if (page) [body, type] = [Buffer.from(page), "text/html; charset=utf-8"];
    else if (files[path]) [body, type] = [readFileSync(join(sjs, files[path][0])), files[path][1]];
    else return res.writeHead(404).end();
    const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
    res.writeHead(200, { "content-type": type, ...(gzip ? { "content-encoding": "gzip" } : {}) });
    // Level 6: what a web server's on-the-fly gzip (ours included) sends.
    res.end(gzip ? gzipSync(body, { level: constants.Z_DEFAULT_COMPRESSION }) : body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

async function createBenchSurvey(env) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await env.login(page);
  await page.getByLabel("Kind of activity").selectOption("survey");
  await page.locator("#new-board-title").fill("Youth centre");
  await page.locator("#new-board-question").fill("Ten questions on three pages.");
  await page.getByRole("button", { name: "Create board" }).click();
  await page.getByText("Not published yet").waitFor();
  const key = new URL(page.url()).pathname.split("/").pop();
  await page.locator("#surveyjs").fill(model);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByText("Saved.").waitFor();
  if (await page.getByText("have no equivalent here").count()) throw new Error("the import left parts out");
  await page.getByRole("button", { name: "Publish the draft" }).click();
  await page.getByText("Citizens answer version 1").waitFor();
  await context.close();
  return key;
}

/** One cold visit (a new context: empty cache): ms from navigation to the first question
 * shown with its answers enabled, and the bytes that crossed the network until then. */
async function visit(browser, url, cpu) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", slow);
  if (cpu > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  let bytes = 0;
  const waterfall = {};
  cdp.on("Network.requestWillBeSent", (e) => (waterfall[e.requestId] = { url: e.request.url, sent: e.timestamp }));
  cdp.on("Network.loadingFinished", (e) => {
    bytes += e.encodedDataLength;
    Object.assign(waterfall[e.requestId] ?? {}, { done: e.timestamp, bytes: e.encodedDataLength });
  });
  // Checked in the page at every frame (Playwright's own waiting polls at up to 500 ms).
  await page.addInitScript((title) => {
    window.__answerable = null;
    const ready = () => {
      const host = document.getElementById("survey");
      for (const root of [document, host?.shadowRoot].filter(Boolean)) {
        const radio = root.querySelector("input[type=radio]:not([disabled])");
        const shown = [...root.querySelectorAll("legend, label, h2, h3, span, p, div")].some(
          (e) => e.textContent.trim().startsWith(title) && e.getClientRects().length > 0,
        );
        if (radio && shown) return true;
      }
      return false;
    };
    const tick = () => (ready() ? (window.__answerable = performance.now()) : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }, firstTitle);
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__answerable !== null, null, { timeout: 120_000 });
  const ms = await page.evaluate(() => window.__answerable);
  const answer = page.locator("#survey input[type=radio]").first();
  if (!(await answer.isEnabled())) throw new Error(`${url}: the first answer is disabled`);
  const seen = bytes;
  if (process.env.WATERFALL) {
    const rows = Object.values(waterfall);
    const t0 = Math.min(...rows.map((r) => r.sent));
    console.error(`${url}: ${ms.toFixed(0)} ms`);
    for (const r of rows) {
      const at = (t) => (t ? ((t - t0) * 1000).toFixed(0) : "-").padStart(6);
      console.error(`${at(r.sent)} ${at(r.done)} ${String(r.bytes ?? "-").padStart(7)} ${r.url.slice(0, 100)}`);
    }
  }
  // Proof that it takes an answer: choose one and see it chosen.
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  await page.getByText("Every week", { exact: true }).first().click();
  if (!(await page.getByRole("radio", { name: "Every week" }).first().isChecked())) {
    throw new Error(`${url}: clicking the first answer did not choose it`);
  }
  await context.close();
  return { ms, bytes: seen };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bin = process.env.COPRODUCE_BIN;
if (!bin) throw new Error("COPRODUCE_BIN must point at the (release) coproduce binary");
// The host site's port must be known before the backend starts (it allows its origin).
const to = {};
const site = await hostSite(to);
const at = `http://127.0.0.1:${site.address().port}`;
const env = await start({}, { origins: [at] });
try {
  to.backend = env.backend;
  to.key = await createBenchSurvey(env);

  // Sizes: ours as the backend sends them, SurveyJS as its npm packages ship them.
  const fetched = async (path) => Buffer.from(await (await fetch(env.backend + path)).arrayBuffer());
  const dist = (f) => readFileSync(join(root, "dist/widget/survey", f));
  const ours = [
    ["embed.js (loader)", await fetched("/embed.js")],
    ["survey WASM", dist("coproduce-widgets_bg.wasm")],
    ["survey JS glue", dist("coproduce-widgets.js")],
    ["widget.css (shared and survey rules)", await fetched("/widget.css?kind=survey")],
  ];
  const theirs = [
    ["survey-core: survey.core.min.js", readFileSync(join(sjs, "survey-core/survey.core.min.js"))],
    ["survey-js-ui: survey-js-ui.min.js", readFileSync(join(sjs, "survey-js-ui/survey-js-ui.min.js"))],
    ["survey-core: survey-core.min.css", readFileSync(join(sjs, "survey-core/survey-core.min.css"))],
  ];
  const version = JSON.parse(readFileSync(join(sjs, "survey-core/package.json"), "utf8")).version;
  console.log(`## Survey transfer size (gzip -9), ours next to SurveyJS ${version}\n`);
  console.log("| file | raw | gzip |\n|---|---|---|");
  let total = {};
  for (const [side, list] of [["ours", ours], ["SurveyJS", theirs]]) {
    total[side] = 0;
    for (const [name, bytes] of list) {
      total[side] += gz9(bytes);
      console.log(`| ${name} | ${kb(bytes.length)} | ${kb(gz9(bytes))} |`);
    }
    console.log(`| **${side}, total** | | **${kb(total[side])}** |`);
  }
  console.log(`\nOurs / SurveyJS: **${(total.ours / total.SurveyJS).toFixed(2)}×**\n`);

  console.log(`## Time until the first question takes an answer (${rounds} cold visits each, alternating)\n`);
  console.log("| connection | ours: median (range) | SurveyJS: median (range) | ours / SurveyJS | bytes until then, ours / SurveyJS |");
  console.log("|---|---|---|---|---|");
  for (const { name, cpu } of conditions) {
    const runs = { ours: [], sjs: [] };
    for (let i = 0; i < rounds; i++) {
      runs.ours.push(await visit(env.browser, `${at}/ours.html`, cpu));
      runs.sjs.push(await visit(env.browser, `${at}/surveyjs.html`, cpu));
    }
    const fmt = (rs) => {
      const ms = rs.map((r) => r.ms);
      return `${median(ms).toFixed(0)} ms (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)})`;
    };
    const m = (rs) => median(rs.map((r) => r.ms));
    const b = (rs) => kb(median(rs.map((r) => r.bytes)));
    console.log(`| ${name} | ${fmt(runs.ours)} | ${fmt(runs.sjs)} | **${(m(runs.ours) / m(runs.sjs)).toFixed(2)}×** | ${b(runs.ours)} / ${b(runs.sjs)} |`);
  }
} finally {
  site.close();
  await env.stop();
}
