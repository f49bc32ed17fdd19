// Trunk post-build hook: optimises the bundle (Trunk's own wasm-opt is off, widgets/bundles/KIND.html) in
// four steps, all for a smaller download. Fails loudly if the generated files no longer look as
// expected (a wasm-bindgen or leptos upgrade), instead of shipping a half-pruned bundle.
//
// 1. Drops the stream classes that leptos 0.8 always links in and the widget never uses, from
//    the WASM and from its JS glue. Why: leptos enables `server_fn/browser`, which brings
//    `wasm-streams` and its three `#[wasm_bindgen]` classes (IntoUnderlyingSource, …Sink,
//    …ByteSource). As exports they survive every dead-code pass; with them go a dozen async
//    functions. binaryen's wasm-metadce removes what only they reach, given every other export
//    as a root; the glue loses the classes and the imports nobody calls.
// 2. Empties the function table's slots of those classes' futures (only when the build promises
//    faithful function names, COPRODUCE_FAITHFUL_NAMES=1, set by scripts/build-widgets). The
//    exported methods boxed their futures as `dyn Future`, so the futures' poll and drop
//    functions sit in the indirect-call table, referenced from vtables in the data, which no
//    optimiser can see are dead. Only the removed exports built those futures, so no live code
//    can reach those slots: each is pointed at a function that traps, dead code is removed,
//    and then no function of wasm_streams may be left (else this fails). Sound only if no
//    function was merged with another before this step (a merged function carries one of its
//    names, so a slot a live vtable uses could look like a stream's): the build turns LLVM's
//    function merging off (-Zmerge-functions=disabled) and binaryen runs only after this step.
// 3. wasm-opt -Oz, stripping the names.
// 4. Minifies the JS glue with esbuild (wasm-bindgen writes it readable, with doc comments).
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

// What rustc enables for wasm32-unknown-unknown; a module in the text format carries no
// feature section to detect them from.
const FEATURES = ["--enable-reference-types", "--enable-bulk-memory", "--enable-sign-ext",
  "--enable-nontrapping-float-to-int", "--enable-multivalue", "--enable-mutable-globals"];
const binaryen = (tool, args) => execFileSync(tool, args, { stdio: ["ignore", "ignore", "inherit"] });

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
  binaryen("wasm-metadce", ["-g", "--graph-file", graphPath, wasmPath, "-o", wasmPath]);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
// --- step 2: the dropped futures' table slots trap, and what only they reached goes ---
if (process.env.COPRODUCE_FAITHFUL_NAMES === "1") {
  const dir = mkdtempSync(join(tmpdir(), "dead-slots-"));
  try {
    const watPath = join(dir, "bundle.wat");
    binaryen("wasm-dis", [wasmPath, "-o", watPath]);
    let wat = readFileSync(watPath, "utf8");
    // A function's name in the text format: `$name`, or `$"…"` (with `\"` escapes) when it has
    // spaces or brackets, as Rust's symbols do.
    const name = String.raw`\$(?:"(?:[^"\\]|\\.)*"|[^\s)"]+)`;
    const ref = new RegExp(name, "g");
    const elem = new RegExp(String.raw`^ \(elem \$\d+ \(table \$\d+\) \(i32\.const \d+\) func(?: ${name})+\)$`, "m").exec(wat);
    if (!elem) fail("no function table segment found in the WASM text");
    let emptied = 0;
    const slots = elem[0].replace(ref, (fn) => {
      if (!fn.includes("wasm_streams")) return fn;
      emptied++;
      return "$__coproduce_dead_slot";
    });
    if (emptied === 0) fail("no table slots of wasm_streams found (names missing, or leptos changed?)");
    wat = wat.replace(elem[0], ` (func $__coproduce_dead_slot\n  (unreachable)\n )\n${slots}`);
    writeFileSync(watPath, wat);
    binaryen("wasm-as", [...FEATURES, "-g", watPath, "-o", wasmPath]);
    // Dead code only: no merging of functions, so the names below still mean what they say.
    binaryen("wasm-opt", [...FEATURES, "-g", "--remove-unused-module-elements", wasmPath, "-o", wasmPath]);
    binaryen("wasm-dis", [wasmPath, "-o", watPath]);
    // wasm_streams comes in only through server_fn (leptos' server-function client, which the
    // widget never calls): with no code of either left, nothing live can hold a stream value
    // whose vtable would use an emptied slot.
    const left = readFileSync(watPath, "utf8").match(/^ \(func \$[^\n]*(wasm_streams|server_fn)[^\n]*$/gm) || [];
    if (left.length > 0) fail(`functions of wasm_streams or server_fn still live:\n${left.join("\n")}`);
    console.log(`finish-bundle: emptied ${emptied} table slots of dropped futures`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log("finish-bundle: COPRODUCE_FAITHFUL_NAMES unset, table slots kept (build with scripts/build-widgets)");
}

// --- step 3 ---
binaryen("wasm-opt", [...FEATURES, "-Oz", "--strip-debug", "--strip-producers", wasmPath, "-o", wasmPath]);
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

