// Map benchmarks in headless Chromium (figures for BENCHMARKS.md; nothing is asserted): the
// map bundle's transfer size next to Leaflet's JS and CSS, and the bytes a phone uploads for a
// 12-megapixel photo once the widget has shrunk it, measured on the request the widget sends.
// Usage: COPRODUCE_BIN=… node bench/map-upload.mjs
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { start } from "../tests/browser/harness.mjs";

const root = resolve(import.meta.dirname, "..");
const gz = (p) => gzipSync(readFileSync(join(root, p)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);

const wasm = gz("dist/widget/map/coproduce-widgets_bg.wasm");
const glue = gz("dist/widget/map/coproduce-widgets.js");
const leafletJs = gz("dist/widget/leaflet/leaflet.js");
const leafletCss = gz("dist/widget/leaflet/leaflet.css");
console.log("## Map widget transfer size (gzip -9, without tiles)\n");
console.log("| part | KB |\n|---|---|");
console.log(`| map bundle: WASM | ${kb(wasm)} |`);
console.log(`| map bundle: JS glue | ${kb(glue)} |`);
console.log(`| Leaflet 1.9.4 JS (loaded when the map is opened) | ${kb(leafletJs)} |`);
console.log(`| Leaflet 1.9.4 CSS (loaded when the map is opened) | ${kb(leafletCss)} |`);
console.log(`| total before the map is opened | ${kb(wasm + glue)} |`);
console.log(`| total with the map open | ${kb(wasm + glue + leafletJs + leafletCss)} |\n`);

const env = await start();
try {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  // A 12-megapixel photo as a phone makes it: 4000 × 3000, JPEG at 92 %, with the fine texture
  // of a real scene (smooth gradients compress far better than any photo).
  const b64 = await page.evaluate(async () => {
    const c = document.createElement("canvas");
    c.width = 4000;
    c.height = 3000;
    const g = c.getContext("2d");
    const img = g.createImageData(4000, 3000);
    let seed = 12345;
    for (let i = 0; i < img.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const p = i / 4;
      const x = p % 4000;
      const y = (p / 4000) | 0;
      const n = (seed >> 16) & 31;
      img.data[i] = (x / 16 + n) & 255;
      img.data[i + 1] = (y / 12 + n * 2) & 255;
      img.data[i + 2] = ((x + y) / 28 + n) & 255;
      img.data[i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
    const blob = await new Promise((ok) => c.toBlob(ok, "image/jpeg", 0.92));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = "";
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  const photo = Buffer.from(b64, "base64");
  const file = join(mkdtempSync(join(tmpdir(), "coproduce-photo-")), "phone.jpg");
  writeFileSync(file, photo);
  // What the widget hands the browser to send: every part of its form (the browser's request
  // adds a few hundred bytes of multipart framing; Chromium does not show blob bodies).
  await page.addInitScript(() => {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body) {
      if (body instanceof FormData) {
        let n = 0;
        for (const [, v] of body) n += v instanceof Blob ? v.size : new Blob([v]).size;
        window.__sent = n;
      }
      return send.call(this, body);
    };
  });
  await page.goto(env.host);
  const widget = page.locator('[data-coproduce="barriers"]');
  await widget.scrollIntoViewIfNeeded();
  await widget.getByLabel("What is it about?").selectOption("lift", { timeout: 30_000 });
  await widget.getByLabel("Place from the list").selectOption("station");
  await widget.getByLabel("Photos (up to 5)").setInputFiles(file);
  await page.waitForTimeout(2_100);
  const t = Date.now();
  await widget.getByRole("button", { name: "Send the report" }).click();
  await widget.getByText("Thank you! Your report was sent.").waitFor({ timeout: 60_000 });
  const ms = Date.now() - t;
  const sent = await page.evaluate(() => window.__sent ?? 0);
  console.log("## A 12-megapixel photo from a phone\n");
  console.log("| | KB |\n|---|---|");
  console.log(`| the photo as the camera saved it (4000 × 3000, JPEG 92 %) | ${kb(photo.length)} |`);
  console.log(`| what the widget sent (the photo shrunk to 1600 px, JPEG 80 %, and the report) | ${kb(sent)} |`);
  console.log(`\nShrinking and sending on this machine (loopback): ${ms} ms.`);
} finally {
  await env.stop();
}
