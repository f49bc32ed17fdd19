// Trunk post-build hook: finishes the bundle in two steps, both for a smaller download.
//
// 1. Drops the stream classes that leptos 0.8 always links in and the widget never uses, from
//    the WASM and from its JS glue. Why: leptos enables `server_fn/browser`, which brings `wasm-streams` and its three
// `#[wasm_bindgen]` classes (IntoUnderlyingSource, …Sink, …ByteSource). As exports they
//    survive every dead-code pass; with them go a dozen async functions. binaryen's
//    wasm-metadce removes what only they reach, given every other export as a root; the glue
//    loses the classes and the imports nobody calls. Fails loudly if the generated files no
//    longer look as expected (a wasm-bindgen upgrade), instead of shipping a half-pruned bundle.
// 2. Minifies the JS glue with esbuild (wasm-bindgen writes it readable, with doc comments).
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { tmpdir } from "node:os";

const CLASSES = ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"];
const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) fail("no TRUNK_STAGING_DIR (run by trunk) and no directory given");
const jsPath = join(dir, "coproduce-widgets.js");
const wasmPath = join(dir, "coproduce-widgets_bg.wasm");

function fail(msg) {
  console.error(`finish-bundle: ${msg}`);
  process.exit(1);
}

// --- the WASM's exports and imports (just enough of the binary format) ---
function sections(bytes) {
  let i = 8;
  const leb = () => {
    let r = 0, s = 0, b;
    do { b = bytes[i++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80);
    return r;
  };
  const name = () => { const n = leb(); const t = new TextDecoder().decode(bytes.subarray(i, i + n)); i += n; return t; };
  const exports = [], imports = [];
  while (i < bytes.length) {
    const id = bytes[i++], size = leb(), end = i + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        const module = name(), field = name(), kind = bytes[i++];
        imports.push({ module, field, kind });
        if (kind === 0) leb();
        else if (kind === 1) { i++; const f = bytes[i++]; leb(); if (f & 1) leb(); }
        else if (kind === 2) { const f = bytes[i++]; leb(); if (f & 1) leb(); }
        else if (kind === 3) i += 2;
        else fail(`unknown import kind ${kind}`);
      }
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) { exports.push(name()); i++; leb(); }
    }
    i = end;
  }
  return { exports, imports };
}

const before = sections(readFileSync(wasmPath));
const streamExport = (e) => /^(__wbg_)?intounderlying/.test(e);
const dropped = before.exports.filter(streamExport);
if (dropped.length === 0) fail("no stream exports found (did leptos drop them? then drop this step)");

// --- the WASM: every other export is a root; imports are nodes metadce may drop ---
const graph = before.exports.filter((e) => !streamExport(e)).map((e) => ({ name: `export:${e}`, root: true, export: e }));
for (const imp of before.imports) graph.push({ name: `import:${imp.module}:${imp.field}`, import: [imp.module, imp.field] });
const tmp = mkdtempSync(join(tmpdir(), "prune-exports-"));
try {
  const graphPath = join(tmp, "graph.json");
  writeFileSync(graphPath, JSON.stringify(graph));
  // metadce prints the unused nodes; nothing to read there.
  execFileSync("wasm-metadce", ["--graph-file", graphPath, wasmPath, "-o", wasmPath], { stdio: ["ignore", "ignore", "inherit"] });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const after = sections(readFileSync(wasmPath));
const kept = new Set(after.imports.map((i) => i.field));
const removed = new Set(before.imports.map((i) => i.field).filter((f) => !kept.has(f)));

// --- the glue: the classes, their finalizers and enum, and the imports no longer imported ---
let js = readFileSync(jsPath, "utf8");
for (const c of CLASSES) {
  const start = js.indexOf(`export class ${c} {`);
  const disposeLine = `if (Symbol.dispose) ${c}.prototype[Symbol.dispose] = ${c}.prototype.free;\n`;
  const end = js.indexOf(disposeLine, start);
  if (start < 0 || end < 0) fail(`class ${c} not found in the glue`);
  js = js.slice(0, start) + js.slice(end + disposeLine.length);
  const fin = new RegExp(`const ${c}Finalization = [^;]*;\\n`);
  if (!fin.test(js)) fail(`finalizer of ${c} not found in the glue`);
  js = js.replace(fin, "");
}
js = js.replace(/const __wbindgen_enum_ReadableStreamType = \[[^\]]*\];\n/, "");
// Import entries are `        name: function…` up to the next entry or the object's end.
const lines = js.split("\n");
const out = [];
let skipping = false;
for (const line of lines) {
  const entry = /^ {8}([\w$]+): /.exec(line);
  if (entry) skipping = removed.has(entry[1]);
  else if (/^ {4}\S/.test(line) || /^\S/.test(line)) skipping = false;
  if (!skipping) out.push(line);
}
js = out.join("\n");
for (const c of CLASSES) if (js.includes(c)) fail(`${c} still referenced in the glue`);
writeFileSync(jsPath, js);

execFileSync("esbuild", [jsPath, "--minify", "--format=esm", "--log-level=warning", `--outfile=${jsPath}`, "--allow-overwrite"], { stdio: "inherit" });
console.log(`finish-bundle: dropped ${dropped.length} exports, ${removed.size} imports`);
