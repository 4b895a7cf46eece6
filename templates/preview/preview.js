// dossier preview: live reload, findings panel, section states, print preview.
// Served by `dossier preview` from the package (templates/preview/); talks only to its
// own server. Every text from the sources is set with textContent, never parsed as HTML.
(function () {
  "use strict";
  const meta = (name) => (document.querySelector(`meta[name="${name}"]`) || {}).content || "";
  const doc = meta("dossier-preview-doc");
  let shown = Number(meta("dossier-preview-render"));
  const root = document.getElementById("dossier-preview");
  // The body of the rendering on screen as it was served, without what this script adds
  // (the panel, the sections' states): the next rendering is compared with it, and only
  // the nodes that differ are replaced, so the browser lays out only what changed. Read
  // once more from the server (the page's own body is not complete while this runs).
  let served = null;
  fetch(location.pathname, { cache: "no-store" })
    .then((res) => (res.ok ? res.text() : ""))
    .then((text) => {
      const page = new DOMParser().parseFromString(text, "text/html");
      const version = page.querySelector('meta[name="dossier-preview-render"]');
      if (served === null && version && Number(version.content) === shown) served = page.body;
    })
    .catch(() => {});
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // -- the panel: a bar, the findings list, the overlay, the print pane
  const overlay = el("div", "dp-overlay");
  overlay.id = "dp-overlay";
  overlay.hidden = true;
  const bar = el("div", "dp-bar");
  const summary = el("span", "dp-summary", "connecting…");
  const live = el("span", "dp-live");
  const findingsBtn = el("button", "dp-btn", "Findings");
  findingsBtn.type = "button";
  findingsBtn.setAttribute("aria-expanded", "false");
  const printBtn = el("button", "dp-btn", "Print preview");
  printBtn.type = "button";
  printBtn.id = "dp-print-toggle";
  printBtn.setAttribute("aria-pressed", "false");
  bar.append(live, summary, findingsBtn, printBtn);
  const panel = el("aside", "dp-panel");
  panel.id = "dp-findings";
  panel.hidden = true;
  panel.setAttribute("aria-label", "Findings");
  const pages = el("aside", "dp-pages");
  pages.id = "dp-pages";
  pages.hidden = true;
  pages.setAttribute("aria-label", "Print preview");
  root.append(overlay, bar, panel, pages);

  findingsBtn.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    findingsBtn.setAttribute("aria-expanded", String(!panel.hidden));
  });
  printBtn.addEventListener("click", () => {
    const where = place(); // the text column narrows or widens: keep the reader's place
    pages.hidden = !pages.hidden;
    printBtn.setAttribute("aria-pressed", String(!pages.hidden));
    document.body.classList.toggle("dp-printing", !pages.hidden);
    restore(where);
    if (!pages.hidden) requestPages();
  });

  // -- keeping the reader's place across a new rendering
  function place() {
    const heads = document.querySelectorAll("main .sec-h[id]");
    let best = null;
    for (const h of heads) {
      const top = h.getBoundingClientRect().top;
      if (top <= 80) best = { id: h.id, top: top };
      else break;
    }
    return { at: best, y: window.scrollY };
  }
  function restore(p) {
    const h = p.at && document.getElementById(p.at.id);
    if (h) window.scrollBy(0, h.getBoundingClientRect().top - p.at.top);
    else window.scrollTo(0, p.y);
  }
  function currentSection() {
    const p = place();
    return p.at ? p.at.id : "";
  }

  async function swap() {
    const where = place();
    const res = await fetch(location.pathname, { cache: "no-store" });
    if (!res.ok) return false;
    const fresh = new DOMParser().parseFromString(await res.text(), "text/html");
    let patched = false;
    try {
      patched = served !== null && patch(document.body, served, fresh.body, true);
    } catch (e) {
      patched = false;
    }
    if (!patched) replaceAll(fresh);
    served = fresh.body;
    document.body.className = fresh.body.className + (pages.hidden ? "" : " dp-printing");
    const style = fresh.querySelector("head style");
    const mine = document.querySelector("head style");
    if (style && !mine) document.head.append(document.importNode(style, true));
    else if (style && style.textContent !== mine.textContent) mine.textContent = style.textContent;
    document.title = fresh.title;
    restore(where);
    return true;
  }

  // Make the children of `live` (which mirror those of `old`, the rendering served before)
  // those of `neu`: equal runs at both ends are kept, a middle of equal length is patched
  // node by node, any other middle replaced. False when `live` does not mirror `old`
  // (then the caller replaces everything).
  function patch(live, old, neu, top) {
    const L = Array.from(live.childNodes);
    const O = Array.from(old.childNodes);
    const N = Array.from(neu.childNodes);
    if (L.length !== O.length) {
      if (top) return false;
      live.replaceChildren(...N.map((n) => document.importNode(n, true)));
      return true;
    }
    let head = 0;
    while (head < O.length && head < N.length && O[head].isEqualNode(N[head])) head++;
    let tail = 0;
    while (
      tail < O.length - head &&
      tail < N.length - head &&
      O[O.length - 1 - tail].isEqualNode(N[N.length - 1 - tail])
    )
      tail++;
    const oMid = O.slice(head, O.length - tail);
    const nMid = N.slice(head, N.length - tail);
    const lMid = L.slice(head, L.length - tail);
    if (top && lMid.some((n) => n === root || n.nodeName === "SCRIPT")) return false;
    if (oMid.length === nMid.length) {
      for (let i = 0; i < oMid.length; i++) {
        const [l, o, n] = [lMid[i], oMid[i], nMid[i]];
        if (l.nodeType === 1 && o.nodeType === 1 && n.nodeType === 1 && o.nodeName === n.nodeName) {
          attributes(l, o, n);
          patch(l, o, n, false);
        } else {
          l.replaceWith(document.importNode(n, true));
        }
      }
      return true;
    }
    const before = L[L.length - tail] || null;
    for (const n of nMid) live.insertBefore(document.importNode(n, true), before);
    for (const l of lMid) l.remove();
    return true;
  }

  function attributes(live, old, neu) {
    for (const a of Array.from(old.attributes))
      if (!neu.hasAttribute(a.name)) live.removeAttribute(a.name);
    for (const a of Array.from(neu.attributes))
      if (old.getAttribute(a.name) !== a.value) live.setAttribute(a.name, a.value);
  }

  // The whole body at once (the first rendering after an unreadable draft, or a page
  // whose body no longer mirrors the rendering served).
  function replaceAll(fresh) {
    for (const node of Array.from(document.body.childNodes)) {
      if (node !== root && !(node.nodeName === "SCRIPT" && node.src.endsWith("/_preview/preview.js")))
        node.remove();
    }
    for (const node of Array.from(fresh.body.childNodes)) {
      if (node.id === "dossier-preview" || node.nodeName === "SCRIPT") continue;
      document.body.insertBefore(document.importNode(node, true), root);
    }
  }

  // A link to a place of the sources in the writer's editor (--editor-url); the server
  // makes it only for files inside the dossier, with the scheme the writer chose.
  function editorLink(url, text) {
    if (!url || /^\s*(javascript|data|vbscript|https?):/i.test(url)) return null;
    const a = el("a", "dp-open", text);
    a.href = url;
    a.title = "Open in your editor";
    return a;
  }

  // -- where each section comes from, after its heading
  function sources(places) {
    for (const h of document.querySelectorAll(".sec-h[id]")) {
      const list = places[h.id] || [];
      let box = h.querySelector(".dp-src");
      const text = list.map((p) => p.where + " " + (p.url || "")).join("|");
      if (box && box.dataset.shown === text) continue;
      if (box) box.remove();
      if (!list.length) continue;
      box = el("span", "dp-src");
      box.dataset.shown = text;
      list.forEach((p, i) => {
        if (i) box.append(", ");
        box.append(editorLink(p.url, p.where) || el("span", "dp-where", p.where));
      });
      h.append(" ", box);
    }
  }

  // -- section states on the headings
  function mark(statuses, words) {
    for (const h of document.querySelectorAll(".sec-h[id]")) {
      const state = statuses[h.id];
      let badge = h.querySelector(".dp-state");
      if (!state) {
        if (badge) badge.remove();
        h.removeAttribute("data-preview-state");
        continue;
      }
      if (!badge) {
        badge = el("span", "dp-state");
        h.append(" ", badge);
      }
      badge.textContent = words[state] || state;
      badge.className = "dp-state dp-s-" + state;
      h.dataset.previewState = state;
    }
  }

  function findingItem(f, asLink) {
    const li = el("li", "dp-f dp-" + f.severity);
    const head = el("div", "dp-f-head");
    head.append(el("span", "dp-sev", f.severity));
    if (f.where) {
      const loc = el(asLink && f.anchor ? "a" : "span", "dp-loc", f.where);
      if (asLink && f.anchor) loc.href = "#" + f.anchor;
      head.append(" ", loc);
    }
    head.append(" ", el("span", "dp-rule", "[" + f.rule + "]"));
    const open = editorLink(f.url, "open");
    if (open) head.append(" ", open);
    li.append(head, el("div", "dp-msg", f.message));
    if (f.detail) li.append(el("div", "dp-hint", f.detail));
    if (f.hint) li.append(el("div", "dp-hint", f.hint));
    if (asLink && f.section) {
      const to = el("a", "dp-sec", "→ " + f.section);
      to.href = "#" + f.anchor;
      li.append(to);
    }
    return li;
  }

  function listFindings(state) {
    panel.replaceChildren();
    const title = el("h2", "dp-title", "Findings");
    panel.append(title);
    const live = state.findings;
    if (!live.length) {
      panel.append(el("p", "dp-none", "No findings: the checks pass."));
      return;
    }
    const ul = el("ul", "dp-list");
    for (const f of live) ul.append(findingItem(f, true));
    panel.append(ul);
  }

  function showOverlay(state) {
    overlay.replaceChildren();
    if (!state.blocking.length && !state.message) {
      overlay.hidden = true;
      return;
    }
    const d = state.docs[doc];
    const since = d && d.rendered_at ? ` (rendered at ${d.rendered_at})` : "";
    overlay.append(
      el(
        "p",
        "dp-o-title",
        !state.blocking.length
          ? state.message
          : d && d.render_version
            ? `The sources cannot be read: the last good rendering${since} stays below.`
            : "The sources cannot be read: the document shows once these are fixed."
      )
    );
    if (state.blocking.length) {
      const ul = el("ul", "dp-list");
      for (const f of state.blocking) ul.append(findingItem(f, false));
      overlay.append(ul);
    }
    overlay.hidden = false;
  }

  function summarise(state) {
    const c = state.counts;
    const parts = [`${c.error || 0} error(s)`, `${c.warning || 0} warning(s)`];
    if (c.checklist) parts.push(`${c.checklist} to judge`);
    summary.textContent = parts.join(", ") + ` · checked in ${state.seconds.toFixed(1)} s`;
    findingsBtn.textContent = `Findings (${state.findings.length})`;
    bar.classList.toggle("dp-has-errors", (c.error || 0) > 0 || state.blocking.length > 0);
  }

  // -- applying each state in turn (a new one waits for the page swap of the previous)
  let latest = null;
  let busy = false;
  async function apply() {
    if (busy) return;
    busy = true;
    try {
      while (latest) {
        const state = latest;
        latest = null;
        const d = state.docs[doc];
        if (d && d.render_version !== shown && (await swap())) shown = d.render_version;
        if (d) mark(d.statuses, state.state_words);
        if (d) sources(d.sources || {});
        listFindings(state);
        showOverlay(state);
        summarise(state);
        document.documentElement.dataset.previewVersion = String(state.version);
        document.documentElement.dataset.previewRender = String(shown);
        if (!pages.hidden) requestPages();
      }
    } finally {
      busy = false;
    }
  }

  // -- print preview: the pages of the section at the top of the window
  let pageTimer = null;
  async function requestPages() {
    clearTimeout(pageTimer);
    const q = new URLSearchParams({ doc: doc, section: currentSection() });
    let answer;
    try {
      const res = await fetch("/_preview/print.json?" + q, { cache: "no-store" });
      answer = await res.json();
    } catch (e) {
      return;
    }
    if (pages.hidden) return;
    showPages(answer);
    if (answer.state === "pending") pageTimer = setTimeout(requestPages, 1000);
  }
  function showPages(answer) {
    const head = el("h2", "dp-title", "Print preview");
    const note = el("p", "dp-note");
    if (answer.state === "pending")
      note.textContent = answer.pages && answer.pages.length
        ? "Laying out the pages again…"
        : "Laying out the pages as the PDF will print them…";
    else if (answer.state === "ready") {
      const h = document.getElementById(answer.section || "");
      const name = h
        ? Array.from(h.querySelectorAll(".secnum, .sectitle"), (x) => x.textContent).join(" ")
        : "the cover";
      note.textContent = `${name}: as printed, ${answer.total} pages in the PDF.`;
    }
    else note.textContent = answer.message || "";
    const wanted = (answer.pages || []).map((p) => p.url).join(" ");
    if (pages.dataset.shown === wanted && pages.childNodes.length) {
      pages.replaceChild(note, pages.querySelector(".dp-note"));
      return;
    }
    pages.replaceChildren(head, note);
    for (const p of answer.pages || []) {
      const fig = el("figure", "dp-page");
      const img = el("img");
      img.src = p.url;
      img.alt = `Page ${p.number}`;
      img.loading = "lazy";
      fig.append(img, el("figcaption", "", `Page ${p.number} of ${answer.total}`));
      pages.append(fig);
    }
    pages.dataset.shown = wanted;
  }
  let scrollTimer = null;
  window.addEventListener("scroll", () => {
    if (pages.hidden) return;
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(requestPages, 300);
  });

  // -- the event stream
  const stream = new EventSource("/_preview/events");
  stream.addEventListener("state", (e) => {
    latest = JSON.parse(e.data);
    live.textContent = "live";
    live.classList.remove("dp-off");
    apply();
  });
  stream.addEventListener("error", () => {
    live.textContent = "disconnected";
    live.classList.add("dp-off");
  });
})();
