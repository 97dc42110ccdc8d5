// FundTrace workbench: plain JavaScript, no library. The server lays the canvas out with Graphviz and sends SVG;
// this script keeps the view (nodes, edges, notes), asks the API, and builds every element with textContent,
// never from HTML text, so nothing from the chain, a label file or a note can become markup.
"use strict";

const $ = (id) => document.getElementById(id);
const token = (() => {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m) { sessionStorage.setItem("fundtrace-token", m[1]); history.replaceState(null, "", location.pathname); }
  return sessionStorage.getItem("fundtrace-token");
})();

const state = {
  nodes: new Map(),   // key "chain address" → ViewGraph node
  edges: new Map(),   // key "chain from to asset" → ViewGraph edge
  selected: null,     // {kind: "node"|"edge", key}
  order: { nodes: [], edges: [] },  // index in the last drawing → key
  traceId: null,
  traceRequest: null,
  chains: [],
};

const nodeKey = (chain, address) => chain + " " + address;
const edgeKey = (e) => [e.chain, e.from, e.to, e.asset].join(" ");
const short = (a) => (a && a.length > 20 ? a.slice(0, 10) + "…" + a.slice(-6) : a || "");

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") e.className = v;
    else if (k === "on") for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function status(text, isError) {
  const s = $("status");
  s.textContent = text;
  s.className = isError ? "error" : "";
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token) headers["Authorization"] = "Bearer " + token;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (!response.ok) {
    let message = response.status + " " + response.statusText;
    try { message = (await response.json()).error || message; } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}
const getJSON = async (path) => (await api(path)).json();

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  return q.toString();
}

function windowParams() {
  return { since: $("since").value.trim(), until: $("until").value.trim(), asset: $("asset").value.trim(), min: $("min").value.trim() };
}

// ---- the view ----------------------------------------------------------------------------------------------

function addNode(card, extra) {
  const key = nodeKey(card.chain, card.address);
  const existing = state.nodes.get(key);
  if (existing) {
    if (existing.hidden) existing.hidden = false;
    if (extra && extra.role && !existing.role) existing.role = extra.role;
    return existing;
  }
  const node = Object.assign({ chain: card.chain, address: card.address, label: card.label, category: card.category }, extra || {});
  state.nodes.set(key, node);
  return node;
}

function addEdge(e) {
  const key = edgeKey(e);
  const edge = { chain: e.chain, from: e.from, to: e.to, asset: e.asset, symbol: e.symbol, decimals: e.decimals,
                 amount: e.amount, transfers: e.transfers, tainted: e.tainted, usd: e.usd };
  const old = state.edges.get(key);
  if (old) edge.note = old.note;
  state.edges.set(key, edge);
}

function viewGraph(includeHidden) {
  const nodes = [...state.nodes.values()].filter((n) => includeHidden || !n.hidden);
  const shown = new Set(nodes.map((n) => nodeKey(n.chain, n.address)));
  const edges = [...state.edges.values()].filter((e) => shown.has(nodeKey(e.chain, e.from)) && shown.has(nodeKey(e.chain, e.to)));
  return { title: $("case-name").value.trim() || undefined, nodes, edges };
}

async function draw() {
  const view = viewGraph(false);
  renderHiddenList();
  const canvas = $("canvas");
  if (view.nodes.length === 0) {
    canvas.replaceChildren(el("p", { class: "hint" }, "The canvas is empty: add an address from a search, or run a trace."));
    state.order = { nodes: [], edges: [] };
    return;
  }
  const started = performance.now();
  const svgText = await (await api("/api/view/svg", { method: "POST", body: JSON.stringify(view) })).text();
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg") throw new Error("the server's drawing is not SVG");
  for (const bad of svg.querySelectorAll("script, foreignObject")) bad.remove();
  for (const a of svg.querySelectorAll("a")) { a.removeAttribute("href"); a.removeAttribute("xlink:href"); }
  state.order = { nodes: view.nodes.map((n) => nodeKey(n.chain, n.address)), edges: view.edges.map(edgeKey) };
  const imported = document.importNode(svg, true);
  for (const g of imported.querySelectorAll("g.node, g.edge")) {
    g.addEventListener("click", (ev) => { ev.stopPropagation(); selectDrawn(g.id); });
  }
  canvas.replaceChildren(imported);
  markSelection();
  status(`${view.nodes.length} addresses, ${view.edges.length} edges on the canvas (drawn in ${Math.round(performance.now() - started)} ms)`);
}

function selectDrawn(id) {
  const m = /^([ne])(\d+)$/.exec(id);
  if (!m) return;
  const index = Number(m[2]);
  if (m[1] === "n") select({ kind: "node", key: state.order.nodes[index] });
  else select({ kind: "edge", key: state.order.edges[index] });
}

function select(sel) {
  state.selected = sel;
  const bar = $("selection");
  bar.hidden = false;
  if (sel.kind === "node") {
    const n = state.nodes.get(sel.key);
    $("selection-title").textContent = (n.label ? n.label + " · " : "") + short(n.address) + " (" + n.chain + ")";
    $("node-actions").hidden = false;
    bar.querySelector('[data-action="pin"]').textContent = n.pinned ? "Unpin" : "Pin";
    $("note").value = n.note || "";
    guarded(openAddress)(n.chain, n.address);
  } else {
    const e = state.edges.get(sel.key);
    $("selection-title").textContent = `${short(e.from)} → ${short(e.to)} · ${e.transfers} transfers of ${e.symbol || e.asset}`;
    $("node-actions").hidden = true;
    $("note").value = e.note || "";
  }
  markSelection();
}

function markSelection() {
  for (const g of document.querySelectorAll("#canvas g.selected")) g.classList.remove("selected");
  if (!state.selected) return;
  const list = state.selected.kind === "node" ? state.order.nodes : state.order.edges;
  const i = list.indexOf(state.selected.key);
  if (i >= 0) { const g = document.getElementById((state.selected.kind === "node" ? "n" : "e") + i); if (g) g.classList.add("selected"); }
}

async function expand(side) {
  const n = state.nodes.get(state.selected.key);
  const params = Object.assign({ address: n.address, chain: n.chain, side, trace: state.traceId }, windowParams());
  status(`expanding ${side === "in" ? "senders" : "receivers"} of ${short(n.address)} …`);
  const x = await getJSON("/api/expand?" + query(params));
  const from = nodeKey(n.chain, n.address);
  for (const card of x.nodes.slice(1)) addNode(card, { expandedFrom: from });
  for (const e of x.edges) addEdge(e);
  await draw();
  const notes = [];
  if (x.more > 0) notes.push(`${x.more} smaller counterparties not shown`);
  if (x.sampled) notes.push(`only the newest ${x.readLimit} transfers read`);
  status(`${x.edges.length} ${side === "in" ? "senders" : "receivers"} of ${short(n.address)} added` + (notes.length ? " (" + notes.join("; ") + ")" : ""));
}

function collapse() {
  const key = state.selected.key;
  let removed = 0;
  for (const [k, n] of [...state.nodes]) {
    if (n.expandedFrom === key && !n.pinned && n.role !== "source") { state.nodes.delete(k); removed++; }
  }
  pruneEdges();
  status(`${removed} addresses removed`);
  return draw();
}

function pruneEdges() {
  for (const [k, e] of [...state.edges]) {
    if (!state.nodes.has(nodeKey(e.chain, e.from)) || !state.nodes.has(nodeKey(e.chain, e.to))) state.edges.delete(k);
  }
}

function renderHiddenList() {
  const hidden = [...state.nodes.entries()].filter(([, n]) => n.hidden);
  const box = $("hidden-list");
  if (hidden.length === 0) { box.replaceChildren(); return; }
  box.replaceChildren(el("span", { class: "hint" }, "Hidden: "),
    ...hidden.map(([k, n]) => el("button", { type: "button", class: "link", on: { click: () => { n.hidden = false; guarded(draw)(); } } },
      (n.label || short(n.address)) + " ↺ ")));
}

async function nodeAction(action) {
  if (!state.selected) return;
  const sel = state.selected;
  if (action === "note") {
    const target = sel.kind === "node" ? state.nodes.get(sel.key) : state.edges.get(sel.key);
    target.note = $("note").value.trim() || undefined;
    return draw();
  }
  if (sel.kind !== "node") return;
  const n = state.nodes.get(sel.key);
  if (action === "expand-in") return expand("in");
  if (action === "expand-out") return expand("out");
  if (action === "collapse") return collapse();
  if (action === "pin") { n.pinned = !n.pinned || undefined; select(sel); return draw(); }
  if (action === "hide") { n.hidden = true; state.selected = null; $("selection").hidden = true; return draw(); }
}

// ---- the side panel -----------------------------------------------------------------------------------------

function showTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const s of document.querySelectorAll(".tab")) s.hidden = s.id !== "tab-" + name;
}

function addressCell(card) {
  const text = card.label ? card.label : short(card.address);
  return el("button", { type: "button", class: "link", title: card.chain + " " + card.address, on: { click: () => guarded(openAddress)(card.chain, card.address) } }, text);
}

async function doSearch(q) {
  showTab("address");
  const box = $("search-results");
  box.replaceChildren(el("p", { class: "hint" }, "searching …"));
  const r = await getJSON("/api/search?" + query({ q }));
  const parts = [el("h2", {}, `Search: ${r.query}`)];
  if (r.addresses.length === 0 && r.transactions.length === 0) parts.push(el("p", { class: "hint" }, "Nothing in the store matches."));
  if (r.addresses.length) {
    parts.push(el("table", {}, el("tr", {}, el("th", {}, "address"), el("th", {}, "chain"), el("th", {}, "")),
      r.addresses.map((a) => el("tr", {}, el("td", {}, addressCell(a), a.category ? el("span", { class: "tag " + a.category }, a.category) : null),
        el("td", {}, a.chain),
        el("td", {}, el("button", { type: "button", class: "add-to-canvas", on: { click: () => { addNode(a); guarded(draw)(); } } }, "+ canvas"))))));
  }
  for (const tx of r.transactions) parts.push(transactionTable(tx));
  box.replaceChildren(...parts);
}

function transactionTable(tx) {
  return el("div", {}, el("h3", {}, `Transaction on ${tx.chain}, block ${tx.block ?? "?"}`), el("div", { class: "mono" }, tx.hash),
    el("table", {}, el("tr", {}, el("th", {}, "from"), el("th", {}, "to"), el("th", { class: "num" }, "amount"), el("th", {}, "")),
      tx.transfers.map((t) => el("tr", {}, el("td", {}, addressCell(t.from)), el("td", {}, addressCell(t.to)), el("td", { class: "num" }, t.display),
        el("td", {}, el("button", { type: "button", on: { click: () => { addNode(t.from); addNode(t.to);
          addEdge({ chain: t.chain, from: t.from.address, to: t.to.address, asset: t.asset, symbol: t.symbol, decimals: t.decimals, amount: t.amount, transfers: 1 });
          guarded(draw)(); } } }, "+ canvas"))))));
}

async function openAddress(chain, address) {
  showTab("address");
  const panel = $("address-panel");
  panel.replaceChildren(el("p", { class: "hint" }, "loading …"));
  const a = await getJSON("/api/address?" + query({ address, chain }));
  const title = el("h2", {}, short(address) + " on " + chain);
  const actions = el("p", {}, el("button", { type: "button", id: "address-add", on: { click: () => { addNode({ chain, address, label: a.labels[0]?.label, category: a.labels[0]?.category }); guarded(draw)(); } } }, "+ canvas"),
    " ", el("button", { type: "button", on: { click: () => { $("trace-from").value = address; $("trace-chain").value = chain; showTab("trace"); } } }, "trace from here"),
    " ", el("button", { type: "button", on: { click: () => { $("path-from").value = address; $("path-chain").value = chain; showTab("path"); } } }, "path from here"));
  const labels = a.labels.length ? el("ul", {}, a.labels.map((l) => el("li", {}, el("span", { class: "tag " + l.category }, l.category), l.label,
    el("span", { class: "hint" }, " — " + l.source + (l.actor ? ", " + l.actor : ""))))) : el("p", { class: "hint" }, "No label.");
  const balances = el("table", {}, el("tr", {}, el("th", {}, "asset"), el("th", { class: "num" }, "in"), el("th", { class: "num" }, "out"), el("th", { class: "num" }, "net of loaded transfers")),
    a.balances.map((b) => el("tr", {}, el("td", {}, b.symbol || short(b.asset)), el("td", { class: "num" }, b.transfersIn), el("td", { class: "num" }, b.transfersOut),
      el("td", { class: "num", title: b.net + " base units" }, b.display))));
  const history = el("div", { id: "history" });
  panel.replaceChildren(el("div", {}, el("div", { class: "mono" }, address), title, actions, labels, el("h3", {}, "Per asset"), balances,
    a.sampled ? el("p", { class: "hint" }, `Sums of the newest ${a.readLimit} transfers per side.`) : null,
    el("h3", {}, "History"), historyControls(chain, address), history));
  await loadHistory(chain, address, null, false);
}

function historyControls(chain, address) {
  const side = el("select", { id: "history-side", "aria-label": "Direction" }, el("option", { value: "" }, "both"), el("option", { value: "in" }, "received"), el("option", { value: "out" }, "sent"));
  side.addEventListener("change", () => guarded(loadHistory)(chain, address, null, false));
  return el("p", {}, "Showing ", side, " ", el("span", { class: "hint" }, "(window, asset and min from the top bar)"));
}

async function loadHistory(chain, address, cursor, append) {
  const box = $("history");
  const params = Object.assign({ address, chain, side: $("history-side").value, cursor, limit: 25 }, windowParams());
  const page = await getJSON("/api/history?" + query(params));
  let table = box.querySelector("table");
  if (!append || !table) {
    table = el("table", {}, el("tr", {}, el("th", {}, "time"), el("th", {}, ""), el("th", {}, "counterparty"), el("th", { class: "num" }, "amount")));
    box.replaceChildren(table);
  }
  for (const t of page.transfers) {
    const out = t.from.address === address;
    const when = t.time ? new Date(t.time * 1000).toISOString().slice(0, 16).replace("T", " ") : "block " + t.block;
    table.append(el("tr", { title: t.txHash }, el("td", {}, when), el("td", {}, out ? "→" : "←"), el("td", {}, addressCell(out ? t.to : t.from)),
      el("td", { class: "num" }, (t.success ? "" : "(failed) ") + t.display)));
  }
  box.querySelector(".more")?.remove();
  if (page.next) box.append(el("button", { type: "button", class: "more", on: { click: () => guarded(loadHistory)(chain, address, page.next, true) } }, "Older transfers ▾"));
  else if (page.transfers.length === 0 && !append) box.append(el("p", { class: "hint" }, "No transfers in this window."));
}

// ---- traces -------------------------------------------------------------------------------------------------

function traceRequest() {
  const w = windowParams();
  return {
    from: $("trace-from").value.split(/\s+/).map((s) => s.trim()).filter(Boolean),
    chain: $("trace-chain").value || undefined, role: $("trace-role").value, policy: $("trace-policy").value,
    maxHops: Number($("trace-hops").value), mixer: $("trace-mixer").value, minValue: $("trace-min").value.trim() || undefined,
    stopAt: $("trace-stop").value.trim() || "none", since: w.since || undefined, until: w.until || undefined,
  };
}

async function runTrace(request, restoring) {
  $("trace-progress").replaceChildren();
  $("trace-result").replaceChildren(el("p", { class: "hint" }, "running …"));
  const { id } = await (await api("/api/traces", { method: "POST", body: JSON.stringify(request) })).json();
  state.traceRequest = request;
  let answer;
  for (;;) {
    answer = await getJSON("/api/traces/" + id);
    $("trace-progress").replaceChildren(...answer.progress.map((line) => el("li", {}, line)));
    if (answer.state !== "running") break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (answer.state === "failed") { $("trace-result").replaceChildren(el("p", { class: "error" }, answer.error)); return; }
  state.traceId = id;
  showTraceResult(answer);
  if (!restoring) {
    for (const n of answer.graph.nodes) addNode(n, { role: n.role });
    for (const e of answer.graph.edges) addEdge(e);
    await draw();
  }
  status(`trace done in ${answer.seconds.toFixed(2)} s: ${answer.endpointCount} endpoints` + (answer.moreEdges ? `; the ${answer.graph.edges.length} biggest of ${answer.graph.edges.length + answer.moreEdges} flow edges put on the canvas` : ""));
}

function showTraceResult(t) {
  const parts = [];
  parts.push(el("h2", {}, "Freeze list"));
  if (!t.freeze.length) parts.push(el("p", { class: "hint" }, "No exchange deposit address holds a material share."));
  for (const g of t.freeze) {
    parts.push(el("div", { class: "freeze" }, el("h3", {}, g.exchange),
      el("table", {}, el("tr", {}, el("th", {}, "deposit address"), el("th", {}, "chain"), el("th", { class: "num" }, "stolen funds received")),
        g.entries.map((e) => el("tr", {}, el("td", {}, addressCell({ chain: e.chain, address: e.address })), el("td", {}, e.chain),
          el("td", { class: "num", title: e.evidence }, e.display + (e.usd ? ` ($${Math.round(e.usd).toLocaleString("en")})` : "")))))));
  }
  parts.push(el("h2", {}, "Stolen and where it is"),
    el("table", {}, el("tr", {}, el("th", {}, "chain"), el("th", { class: "num" }, "stolen"), el("th", {}, "reconciled")),
      t.totals.map((x) => el("tr", {}, el("td", {}, x.chain), el("td", { class: "num" }, x.display), el("td", {}, x.reconciled ? "yes" : "NO")))));
  if (t.crossings.length) {
    parts.push(el("h2", {}, "Crossings"), el("table", {}, el("tr", {}, el("th", {}, "via"), el("th", { class: "num" }, "in → out"), el("th", { class: "num" }, "confidence")),
      t.crossings.map((c) => el("tr", { title: c.evidence }, el("td", {}, `${c.kind}: ${c.viaLabel || short(c.via)}`), el("td", { class: "num" }, `${c.entry} → ${c.exit}` + (c.exitChain !== c.chain ? ` on ${c.exitChain}` : "")),
        el("td", { class: "num" }, Math.round(c.confidence * 100) + " %")))));
  }
  parts.push(el("h2", {}, `Endpoints (${t.endpointCount})`), el("table", {}, el("tr", {}, el("th", {}, "address"), el("th", {}, "why"), el("th", { class: "num" }, "tainted")),
    t.endpoints.slice(0, 100).map((e) => el("tr", { title: e.evidence }, el("td", {}, addressCell({ chain: e.chain, address: e.address, label: e.label })), el("td", {}, e.reason),
      el("td", { class: "num" }, e.display)))));
  $("trace-result").replaceChildren(...parts);
}

// ---- path, cases, export ------------------------------------------------------------------------------------

async function findPath() {
  const params = Object.assign({ from: $("path-from").value.trim(), to: $("path-to").value.trim(), chain: $("path-chain").value,
    depth: $("path-depth").value, maxDegree: $("path-degree").value, trace: state.traceId }, windowParams());
  const p = await getJSON("/api/path?" + query(params));
  const box = $("path-result");
  if (!p.found) {
    box.replaceChildren(el("p", {}, `No path within ${params.depth} hops (${p.explored} addresses read` +
      (p.skippedForDegree.length ? `; ${p.skippedForDegree.length} not crossed for their degree` : "") + ")."));
    return;
  }
  for (const c of p.nodes) addNode(c);
  for (const e of p.edges) addEdge(e);
  box.replaceChildren(el("p", {}, `Path of ${p.nodes.length - 1} hops added to the canvas (${p.explored} addresses read).`),
    el("ol", {}, p.nodes.map((c) => el("li", {}, addressCell(c)))));
  await draw();
}

function caseFile() {
  const name = $("case-name").value.trim();
  return { version: 1, name, savedAt: new Date().toISOString(), trace: state.traceRequest || undefined,
           view: viewGraph(true), notes: $("case-notes").value, window: windowParams() };
}

async function saveCase() {
  const name = $("case-name").value.trim();
  if (!name) { status("name the case first", true); return; }
  await api("/api/cases/" + encodeURIComponent(name), { method: "PUT", body: JSON.stringify(caseFile()) });
  await refreshCases();
  status(`case '${name}' saved`);
}

async function openCase(name) {
  const c = await getJSON("/api/cases/" + encodeURIComponent(name));
  state.nodes.clear(); state.edges.clear(); state.selected = null; state.traceId = null; state.traceRequest = null;
  $("selection").hidden = true;
  $("case-name").value = c.name;
  $("case-notes").value = c.notes || "";
  for (const [k, v] of Object.entries(c.window || {})) if ($(k)) $(k).value = v;
  for (const n of c.view.nodes) state.nodes.set(nodeKey(n.chain, n.address), n);
  for (const e of c.view.edges) state.edges.set(edgeKey(e), e);
  await draw();
  status(`case '${c.name}' opened (saved ${c.savedAt || "?"})`);
  if (c.trace) {
    $("trace-from").value = c.trace.from.join("\n");
    await runTrace(c.trace, true);
    status(`case '${c.name}' opened, its trace run again`);
  }
}

async function refreshCases() {
  const { cases } = await getJSON("/api/cases");
  $("case-list").replaceChildren(el("option", { value: "" }, "open a case…"), ...cases.map((c) => el("option", { value: c }, c)));
}

async function exportAs(kind) {
  let response, name;
  if (kind === "report" || kind === "trace") {
    if (!state.traceId) { status("run a trace first", true); return; }
    response = await api(`/api/traces/${state.traceId}/` + (kind === "report" ? "report" : "trace.json"));
    name = kind === "report" ? "report.html" : "trace.json";
  } else {
    response = await api("/api/view/" + kind, { method: "POST", body: JSON.stringify(viewGraph(false)) });
    name = ($("case-name").value.trim() || "workbench") + "." + kind;
  }
  const url = URL.createObjectURL(await response.blob());
  const a = el("a", { href: url, download: name });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  status(`exported ${name}`);
}

// ---- wiring -------------------------------------------------------------------------------------------------

function guarded(f) {
  return async (...args) => { try { await f(...args); } catch (e) { status(e.message, true); } };
}

async function start() {
  const info = await getJSON("/api/store");
  state.chains = info.chains;
  document.title = "FundTrace workbench — " + info.store;
  for (const c of info.chains) { $("trace-chain").append(el("option", { value: c }, c)); $("path-chain").append(el("option", { value: c }, c)); }
  await refreshCases();
  status(`store ${info.store}: ${info.chains.join(", ")}`);
}

document.addEventListener("DOMContentLoaded", () => {
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab));
  $("search-form").addEventListener("submit", (e) => { e.preventDefault(); guarded(doSearch)($("search").value); });
  $("trace-form").addEventListener("submit", (e) => { e.preventDefault(); guarded(runTrace)(traceRequest(), false); });
  $("path-form").addEventListener("submit", (e) => { e.preventDefault(); guarded(findPath)(); });
  for (const b of document.querySelectorAll("#selection [data-action]")) b.addEventListener("click", () => guarded(nodeAction)(b.dataset.action));
  $("case-save").addEventListener("click", guarded(saveCase));
  $("case-list").addEventListener("change", (e) => { if (e.target.value) guarded(openCase)(e.target.value); e.target.value = ""; });
  $("export").addEventListener("change", (e) => { if (e.target.value) guarded(exportAs)(e.target.value); e.target.value = ""; });
  guarded(start)();
});
