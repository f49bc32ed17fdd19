// Starts a real backend (embedded SurrealDB in a temp dir, demo organisation) and the example
// host page on another origin, and launches headless Debian Chromium.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "../..");
const bin = process.env.COPRODUCE_BIN;

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on("error", fail);
  });
}

function waitForLine(child, pattern, ms) {
  return new Promise((ok, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`timed out waiting for ${pattern}; saw:\n${seen}`)), ms);
    const onData = (d) => {
      seen += d.toString();
      const m = seen.match(pattern);
      if (m) {
        clearTimeout(timer);
        ok({ match: m, text: seen });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (seen += d.toString()));
    child.on("exit", (code) => fail(new Error(`process exited (${code}):\n${seen}`)));
  });
}

/** Starts the backend (demo data) and the host site; `extraEnv` adds backend settings,
 * `origins` more websites the demo organisation embeds its widgets in. */
export async function start(extraEnv = {}, { origins = [] } = {}) {
  if (!bin) throw new Error("COPRODUCE_BIN must point at the coproduce binary");
  const dir = mkdtempSync(join(tmpdir(), "coproduce-browser-"));
  const backendPort = await freePort();
  const hostPort = await freePort();
  const backend = `http://127.0.0.1:${backendPort}`;
  const host = `http://127.0.0.1:${hostPort}`;

  // The host page as published, pointing at this run's backend.
  const site = join(dir, "site");
  mkdirSync(site);
  const page = readFileSync(join(root, "examples/host-page/index.html"), "utf8").replaceAll("http://127.0.0.1:8080", backend);
  writeFileSync(join(site, "index.html"), page);
  // A long page whose widget sits far below the fold: the bundle must wait for scrolling.
  writeFileSync(
    join(site, "far.html"),
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Far</title></head><body>
<div style="height:4000px">Scroll down</div>
<script async src="${backend}/embed.js" data-org="stadtteilhaus-nord" data-activity="youth-centre"></script>
</body></html>`,
  );

  // A hostile website: when a logged-in staff member visits it, it posts the no-JS page's
  // form with markup in the description (which a page that echoed it raw would run on the
  // backend's origin, where the console is).
  const payload =
    "</textarea><script>window.__pwned = true; document.title = 'pwned';" +
    "fetch('/console/settings').then((r) => r.text()).then((t) => fetch('/console/settings/origins', {" +
    "method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }," +
    "body: 'csrf=' + t.match(/name=\"csrf\" value=\"([^\"]+)\"/)[1] + '&origins=https%3A%2F%2Fattacker.example' }));</script>";
  writeFileSync(
    join(site, "evil.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Win a prize</title></head><body>
<form id="f" method="post" action="${backend}/o/stadtteilhaus-nord/ideas/youth-centre/ideas?lang=en">
<input name="title" value="Planted by a hostile website"><textarea name="body"></textarea></form>
<script>
document.querySelector("textarea").value = ${JSON.stringify(payload).replaceAll("<", "\\u003c")};
document.getElementById("f").submit();
</script></body></html>`,
  );

  const env = {
    ...process.env,
    COPRODUCE_DATA_DIR: join(dir, "data"),
    COPRODUCE_HTTP__PORT: String(backendPort),
    COPRODUCE_HTTP__WIDGET_DIR: join(root, "dist/widget"),
    RUST_LOG: process.env.RUST_LOG ?? "warn",
    ...extraEnv,
  };
  const originArgs = [host, ...origins].flatMap((o) => ["--demo-origin", o]);
  const server = spawn(bin, ["serve", "--demo", ...originArgs], { env, stdio: ["ignore", "pipe", "pipe"] });
  const { text } = await waitForLine(server, /Standalone page:.*\n/, 120_000);
  const password = text.match(/password: (\S+)/)[1];
  const hostSite = spawn(bin, ["static-site", "--dir", site, "--port", String(hostPort)], { stdio: ["ignore", "pipe", "pipe"] });
  await waitForLine(hostSite, /Serving/, 30_000);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  return {
    backend,
    host,
    payload,
    browser,
    admin: { email: "admin@stadtteilhaus-nord.example", password },
    /** Logs the demo admin in on `page` (the console in English), up to the dashboard. */
    async login(page) {
      await page.goto(`${backend}/console/login?lang=en`);
      await page.getByLabel("E-mail").fill("admin@stadtteilhaus-nord.example");
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    },
    async stop() {
      await browser.close();
      server.kill("SIGTERM");
      hostSite.kill("SIGTERM");
    },
  };
}

/** A local tile server (there is no internet here): every tile a plain PNG whose shade depends
 * on its address; counts the tiles it was asked for. */
export async function tileServer() {
  const { createServer: http } = await import("node:http");
  const { deflateSync, crc32 } = await import("node:zlib");
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const png = (shade) => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(256, 0);
    ihdr.writeUInt32BE(256, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const row = Buffer.alloc(1 + 256 * 3, shade);
    row[0] = 0;
    const raw = Buffer.concat(Array.from({ length: 256 }, () => row));
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(raw)),
      chunk("IEND", Buffer.alloc(0)),
    ]);
  };
  let asked = 0;
  const server = http((req, res) => {
    asked += 1;
    const [z, x, y] = req.url.split("/").slice(1).map((n) => parseInt(n, 10));
    res.writeHead(200, { "content-type": "image/png" });
    res.end(png(180 + ((z * 7 + x * 3 + y) % 60)));
  });
  const port = await freePort();
  await new Promise((ok) => server.listen(port, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${port}`, asked: () => asked, close: () => server.close() };
}

const axeSource = readFileSync(join(import.meta.dirname, "node_modules/axe-core/axe.min.js"), "utf8");

/** WCAG 2.2 A/AA violations inside `selector` (open shadow roots included). */
export async function axeViolations(page, selector = "html") {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (sel) => {
    const result = await window.axe.run(document.querySelector(sel), {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  }, selector);
}

export const formMinAgeMs = 2_100;
