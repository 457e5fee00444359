// lumbar-nlp draft page: re-analyses the draft as the user types (debounced) and shows the findings
// highlighted in place, a side panel per finding, red flags first, concordance and benchmark sentences.
// No external assets; only calls POST /analyze on the same server.
"use strict";

(function () {
  const DEBOUNCE_MS = 250;
  const $ = (id) => document.getElementById(id);
  const draft = $("draft"), highlights = $("highlights"), backdrop = $("backdrop");
  const ageEl = $("age"), sexEl = $("sex"), clinicalEl = $("clinical"), statusEl = $("status");
  const LABEL_RANK = { urgent: 4, symptomatic: 3, indeterminate: 2, incidental: 1 };
  const LABEL_TEXT = { urgent: "urgent", symptomatic: "likely symptomatic", indeterminate: "indeterminate",
                       incidental: "likely incidental" };
  const EXAMPLE = "LUMBAR SPINE MRI\n\nFINDINGS:\nL3-4: Mild disc bulge without stenosis.\n" +
    "L4-5: Small left paracentral disc extrusion compressing the left L5 nerve root. Mild facet arthropathy.\n" +
    "L5-S1: Disc desiccation with mild loss of disc height. No foraminal stenosis.\n\n" +
    "IMPRESSION:\nLeft paracentral L4-5 disc extrusion compressing the left L5 root.";

  let timer = null, seq = 0, controller = null, last = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === "") continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  const human = (s) => (s || "").replace(/_/g, " ");
  const affirmed = (f) => f.assertion === "present" || f.assertion === "possible";
  const labelClass = (f) => (!affirmed(f) ? "muted" : f.label ? "label-" + f.label : "label-none");

  // Python offsets count code points; JavaScript strings count UTF-16 units.
  function offsetMap(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return null;
    const map = [];
    let u = 0;
    for (const ch of text) { map.push(u); u += ch.length; }
    map.push(u);
    return map;
  }

  function segments(text, findings) {
    // Split the text at every finding boundary; each piece takes the most serious finding covering it.
    const map = offsetMap(text);
    const conv = (i) => (map ? map[Math.min(i, map.length - 1)] : i);
    const spans = findings.map((f, i) => ({ s: conv(f.start), e: conv(f.end), f, i }))
      .filter((x) => x.s >= 0 && x.e > x.s && x.e <= text.length);
    const cuts = new Set([0, text.length]);
    spans.forEach((x) => { cuts.add(x.s); cuts.add(x.e); });
    const points = [...cuts].sort((a, b) => a - b);
    const out = [];
    for (let k = 0; k < points.length - 1; k++) {
      const a = points[k], b = points[k + 1];
      const cover = spans.filter((x) => x.s <= a && x.e >= b);
      let best = null;
      for (const x of cover) {
        const r = (affirmed(x.f) ? 10 : 0) + (LABEL_RANK[x.f.label] || 0);
        if (!best || r > best.r) best = { r, x };
      }
      out.push({ text: text.slice(a, b), hit: best && best.x });
    }
    return out;
  }

  function renderHighlights(text, findings) {
    highlights.replaceChildren();
    for (const seg of segments(text, findings || [])) {
      if (!seg.hit) { highlights.append(document.createTextNode(seg.text)); continue; }
      const f = seg.hit.f;
      highlights.append(el("mark", { class: labelClass(f), "data-index": seg.hit.i, "data-type": f.type,
                                     "data-label": f.label || "", "data-testid": "highlight" }, seg.text));
    }
    highlights.append(document.createTextNode("\n\u200b")); // keep the last line's height
    syncScroll();
  }

  function syncScroll() { backdrop.scrollTop = draft.scrollTop; }

  function setStatus(msg, isError) {
    statusEl.textContent = msg;
    statusEl.classList.toggle("error", !!isError);
  }

  function attrLine(f) {
    return [f.level, f.side, f.zone, f.severity, f.grade ? "grade " + f.grade : null,
            f.size_mm ? f.size_mm + " mm" : null].filter(Boolean).join(" · ");
  }

  function selectSpan(f, i) {
    const map = offsetMap(draft.value);
    const conv = (k) => (map ? map[Math.min(k, map.length - 1)] : k);
    if (last && last.text === draft.value) {
      draft.focus();
      draft.setSelectionRange(conv(f.start), conv(f.end));
      highlights.querySelectorAll("mark.flash").forEach((m) => m.classList.remove("flash"));
      highlights.querySelectorAll(`mark[data-index="${i}"]`).forEach((m) => m.classList.add("flash"));
    }
  }

  async function copyText(text, button) {
    try {
      if (!(navigator.clipboard && window.isSecureContext)) throw new Error("no clipboard API");
      // A clipboard permission prompt may never be answered: fall back after a second.
      await Promise.race([navigator.clipboard.writeText(text),
        new Promise((_, reject) => setTimeout(() => reject(new Error("clipboard timeout")), 1000))]);
    } catch (e) {
      const t = el("textarea", { style: "position:fixed;left:-9999px" }, text);
      document.body.append(t); t.select();
      try { document.execCommand("copy"); } catch (e2) { /* ignore */ }
      t.remove();
    }
    if (button) {
      const old = button.textContent;
      button.textContent = "Copied"; button.classList.add("copied");
      setTimeout(() => { button.textContent = old; button.classList.remove("copied"); }, 1200);
    }
  }

  function findingCard(f, i) {
    const cls = labelClass(f);
    const badge = affirmed(f) ? (LABEL_TEXT[f.label] || "no label") : f.assertion;
    const rows = [["assertion", f.assertion]];
    if (f.p_incidental !== null && f.p_incidental !== undefined)
      rows.push(["P(incidental)", Number(f.p_incidental).toFixed(2)]);
    if (f.affected_roots && f.affected_roots.length) rows.push(["affected roots", f.affected_roots.join(", ")]);
    if (f.concordance) rows.push(["concordance", human(f.concordance)]);
    if (f.section) rows.push(["section", f.section]);
    const card = el("li", { class: "finding " + cls, "data-testid": "finding", "data-index": i,
                            "data-type": f.type, "data-label": f.label || "", tabindex: 0,
                            onclick: () => selectSpan(f, i),
                            onkeydown: (ev) => { if (ev.key === "Enter") selectSpan(f, i); } },
      el("div", { class: "head" },
        el("span", { class: "badge " + cls, "data-testid": "label" }, badge),
        el("span", { class: "type" }, human(f.type)), " ", el("span", { class: "attrs" }, attrLine(f))),
      el("div", { class: "quote" }, "\u201c" + (f.text || "") + "\u201d"),
      el("dl", {}, rows.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      f.rationale ? el("p", { class: "rationale" }, f.rationale) : null,
      f.sources && f.sources.length ? el("p", { class: "sources" }, "Sources: " + f.sources.join("; ")) : null,
      f.benchmark ? el("div", { class: "bench" }, el("q", {}, f.benchmark),
        el("button", { type: "button", "data-testid": "copy", onclick: (ev) => { ev.stopPropagation();
          copyText(f.benchmark, ev.currentTarget); } }, "Copy")) : null);
    return card;
  }

  function renderPanel(rec) {
    const findings = rec.findings || [];
    // Red flags first: the result's red flags and every finding labelled urgent.
    const flags = [...(rec.red_flags || []).map((r) => "Red flag: " + human(r))];
    findings.forEach((f) => { if (f.label === "urgent") flags.push(human(f.type) + (f.level ? " at " + f.level : "") +
      (f.rationale ? ": " + f.rationale : "")); });
    $("redflag-list").replaceChildren(...flags.map((t) => el("li", {}, t)));
    $("redflags").hidden = flags.length === 0;

    const c = rec.concordance || {};
    const s = rec.symptoms || {};
    const body = [];
    if (!c.category || c.category === "no_clinical_information") {
      body.push(el("div", {}, "No clinical information: enter symptoms in the Clinical field to compare."));
    } else {
      body.push(el("div", {}, el("span", { class: "conc-cat", "data-testid": "conc-category" }, human(c.category)),
        c.score !== null && c.score !== undefined ? " (score " + Number(c.score).toFixed(2) + ")" : ""));
      const sym = [s.side ? "side " + s.side : null, s.roots && s.roots.length ? "roots " + s.roots.join(", ") : null,
                   s.syndrome && s.syndrome.length ? human(s.syndrome.join(", ")) : null].filter(Boolean);
      if (sym.length) body.push(el("div", {}, "Symptoms read: " + sym.join("; ")));
      if (c.explained_by && c.explained_by.length) body.push(el("div", {}, "Explained by: " +
        c.explained_by.map((k) => findings[k] ? human(findings[k].type) + (findings[k].level ? " " + findings[k].level : "") : "#" + k).join(", ")));
      if (c.rationale) body.push(el("div", {}, c.rationale));
    }
    $("conc-body").replaceChildren(...body);

    const benches = [...new Set(findings.filter((f) => affirmed(f) && f.benchmark).map((f) => f.benchmark))];
    $("bench-list").replaceChildren(...benches.map((b) => el("li", { "data-testid": "benchmark" }, b)));
    const copyAll = $("copy-all");
    copyAll.disabled = benches.length === 0;
    copyAll.onclick = () => copyText(benches.join("\n"), copyAll);

    const order = findings.map((f, i) => [f, i]).sort((a, b) => {
      const ra = (a[0].label === "urgent" ? 2 : affirmed(a[0]) ? 1 : 0);
      const rb = (b[0].label === "urgent" ? 2 : affirmed(b[0]) ? 1 : 0);
      return rb - ra || a[1] - b[1];
    });
    $("finding-list").replaceChildren(...order.map(([f, i]) => findingCard(f, i)));
    const nAff = findings.filter(affirmed).length;
    $("count").textContent = findings.length ? `(${nAff} present or possible, ${findings.length - nAff} absent or historical)` : "";
  }

  function payload() {
    const body = { text: draft.value };
    const age = ageEl.value.trim();
    if (age !== "") body.age = Number(age);
    if (sexEl.value) body.sex = sexEl.value;
    if (clinicalEl.value.trim()) body.clinical = clinicalEl.value;
    return body;
  }

  async function analyse() {
    const body = payload();
    if (!body.text.trim()) {
      last = null; renderHighlights(draft.value, []); renderPanel({ findings: [] }); setStatus("ready");
      return;
    }
    const my = ++seq;
    if (controller) controller.abort();
    controller = new AbortController();
    setStatus("reading…");
    try {
      const resp = await fetch("/analyze", { method: "POST", headers: { "Content-Type": "application/json" },
                                             body: JSON.stringify(body), signal: controller.signal });
      if (my !== seq) return;
      if (!resp.ok) {
        let msg = resp.status + " " + resp.statusText;
        try { const j = await resp.json(); msg = j.detail && j.detail.map ? j.detail.map((d) => (d.loc || []).slice(1).join(".") + ": " + d.msg).join("; ") : (j.detail || msg); } catch (e) { /* keep */ }
        setStatus("cannot analyse: " + msg, true);
        return;
      }
      const rec = await resp.json();
      if (my !== seq) return;
      const timing = (resp.headers.get("Server-Timing") || "").match(/dur=([\d.]+)/);
      if (draft.value === body.text) {
        last = { text: body.text, rec };
        renderHighlights(body.text, rec.findings);
      } else { // typed on while the server answered: place this answer on the current text
        const moved = shifted(body.text, draft.value, rec.findings || []);
        last = { text: draft.value, rec: Object.assign({}, rec, { findings: moved }) };
        renderHighlights(draft.value, moved);
      }
      renderPanel(rec);
      const nf = (rec.findings || []).length;
      setStatus(`${nf} finding${nf === 1 ? "" : "s"}` + (timing ? ` · ${Math.round(Number(timing[1]))} ms server` : "") +
                ((rec.errors || []).length ? " · " + rec.errors.join("; ") : ""), (rec.errors || []).length > 0);
      document.body.dataset.analysed = String(my);
    } catch (e) {
      if (e.name !== "AbortError") setStatus("server not reachable", true);
    }
  }

  function shifted(oldText, newText, findings) {
    // Keep highlights through an edit until the next answer: spans before the edit stay, spans after it
    // move with the text, spans touching the edited region are dropped. Offsets are in code points.
    const a = Array.from(oldText), b = Array.from(newText);
    let pre = 0;
    while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
    let suf = 0;
    while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
    const editEnd = a.length - suf, delta = b.length - a.length;
    return findings.map((f) => {
      if (f.end <= pre) return f;
      if (f.start >= editEnd) return Object.assign({}, f, { start: f.start + delta, end: f.end + delta });
      return null;
    }).filter(Boolean);
  }

  function schedule() {
    // Until the next answer arrives, carry the last highlights through the edit.
    if (!last) renderHighlights(draft.value, []);
    else if (last.text !== draft.value) {
      const moved = shifted(last.text, draft.value, last.rec.findings || []);
      last = { text: draft.value, rec: Object.assign({}, last.rec, { findings: moved }) };
      renderHighlights(draft.value, moved);
    }
    clearTimeout(timer);
    timer = setTimeout(analyse, DEBOUNCE_MS);
  }

  draft.addEventListener("input", schedule);
  draft.addEventListener("scroll", syncScroll);
  [ageEl, sexEl, clinicalEl].forEach((x) => x.addEventListener("input", schedule));
  sexEl.addEventListener("change", schedule);
  $("example").addEventListener("click", () => {
    draft.value = EXAMPLE;
    if (!ageEl.value) ageEl.value = "45";
    if (!clinicalEl.value) clinicalEl.value = "left leg pain radiating to the dorsum of the foot";
    schedule();
  });
  new ResizeObserver(syncScroll).observe(draft);
  renderHighlights("", []);
})();
