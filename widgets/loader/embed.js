/* coproduce embed loader. Put next to where the widget should appear:
 *   <script async src="https://BACKEND/embed.js" data-org="ORG" data-kind="ideas" data-activity="KEY"></script>
 * Optional: data-lang="de" (else the page's <html lang>), data-target="#css-selector".
 * data-kind names the activity's kind (its bundle); a snippet without it (older snippets) asks
 * the backend once. It mounts each widget in its own shadow root, downloads each kind's WASM
 * bundle once, only when a widget comes near the viewport, sets no cookies and talks to nobody
 * but the backend. */
(function () {
  "use strict";
  var cp = (window.__coproduce = window.__coproduce || { seen: [], modules: {}, n: 0 });

  function load(base, kind) {
    var dir = base + "/widget/" + encodeURIComponent(kind);
    if (!cp.modules[dir]) {
      // The WASM downloads while the glue does, not after it.
      var wasm = fetch(dir + "/coproduce-widgets_bg.wasm");
      cp.modules[dir] = import(dir + "/coproduce-widgets.js").then(function (m) {
        return m.default({ module_or_path: wasm }).then(function () {
          return m;
        });
      });
    }
    return cp.modules[dir];
  }

  // The kind the snippet names, else the backend's answer.
  function kindOf(base, path, named) {
    return named ? Promise.resolve(named) : fetch(base + "/api/v1/orgs/" + path + "/about", { credentials: "omit" }).then(function (r) {
      return r.json();
    }).then(function (a) {
      return a.kind;
    });
  }

  function setup(script) {
    if (cp.seen.indexOf(script) >= 0) return;
    cp.seen.push(script);
    var base = script.src.replace(/\/embed\.js(\?.*)?$/, "");
    var org = script.getAttribute("data-org");
    var activity = script.getAttribute("data-activity");
    var named = script.getAttribute("data-kind");
    var lang = script.getAttribute("data-lang") || document.documentElement.lang || navigator.language || "en";
    var selector = script.getAttribute("data-target");
    var host = selector ? document.querySelector(selector) : null;
    if (!host) {
      host = document.createElement("div");
      script.parentNode.insertBefore(host, script.nextSibling);
    }
    host.setAttribute("data-coproduce", activity);
    var root = host.shadowRoot || host.attachShadow({ mode: "open" });
    var css = document.createElement("link");
    css.rel = "stylesheet";
    // The shared rules and the kind's (every kind's when the snippet names none).
    css.href = base + "/widget.css" + (named ? "?kind=" + encodeURIComponent(named) : "");
    root.appendChild(css);
    var mount = document.createElement("div");
    // Until the widget runs (or if it cannot), a link to the standalone page.
    var fallback = document.createElement("div");
    fallback.className = "cp-root";
    var link = document.createElement("a");
    var path = encodeURIComponent(org) + "/activities/" + encodeURIComponent(activity);
    // The address that forwards to the activity's page, whatever its kind.
    link.href = base + "/o/" + path;
    link.textContent = link.href;
    fallback.appendChild(link);
    mount.appendChild(fallback);
    root.appendChild(mount);

    function start() {
      // The activity's view, asked for while the bundle downloads (the widget would ask for
      // it only once running): the same request the widget makes, in the language it uses.
      var code = /^\s*de([-_]|$)/i.test(lang) ? "de" : "en";
      var view = fetch(base + "/api/v1/orgs/" + path + "?lang=" + code, { mode: "cors", credentials: "omit" });
      view.catch(function () {});
      kindOf(base, path, named).then(function (kind) {
        return load(base, kind);
      }).then(function (m) {
        mount.textContent = "";
        host.coproduce = m.mount(mount, base, org, activity, lang, "cp" + ++cp.n, view);
      }, function (err) {
        if (window.console) console.error("coproduce: widget failed to load", err);
      });
    }
    if ("IntersectionObserver" in window) {
      var io = new IntersectionObserver(function (entries) {
        for (var i = 0; i < entries.length; i++) {
          if (entries[i].isIntersecting) {
            io.disconnect();
            start();
            return;
          }
        }
      }, { rootMargin: "300px" });
      io.observe(host);
    } else {
      start();
    }
  }

  var scripts = document.querySelectorAll("script[data-org][data-activity]");
  for (var i = 0; i < scripts.length; i++) {
    if (/\/embed\.js(\?.*)?$/.test(scripts[i].src)) setup(scripts[i]);
  }
})();
