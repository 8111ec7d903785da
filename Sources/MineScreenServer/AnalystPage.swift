/// `GET /`: the page for analysts. One self-contained document (inline style and script, no external fetches, so
/// it works on an intranet): choose or drop a GeoJSON, 坐标文件 or zipped Shapefile; it is posted to
/// `/v1/screen`, the verdicts are shown in a table and the HTML dossier (per-block maps) below it; the dossier,
/// workbook and clean remainders can be downloaded.
enum AnalystPage {
    static let html = #"""
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MineScreen · 净矿出让 screening</title>
<style>
  body { font: 14px/1.45 system-ui, "WenQuanYi Zen Hei", sans-serif; margin: 0; color: #222; background: #f6f7f9; }
  header { background: #1f3a5f; color: #fff; padding: 12px 20px; }
  header h1 { font-size: 18px; margin: 0; }
  main { padding: 16px 20px; max-width: 1200px; }
  #drop { border: 2px dashed #8aa; border-radius: 8px; padding: 22px; text-align: center; background: #fff; cursor: pointer; }
  #drop.over { background: #e8f2ff; border-color: #36c; }
  fieldset { border: 0; padding: 0; margin: 10px 0; display: flex; gap: 14px; flex-wrap: wrap; align-items: center; }
  label input[type=text], label input[type=password] { width: 140px; }
  #status { margin: 10px 0; min-height: 1.4em; }
  #status.error { color: #b00020; font-weight: 600; white-space: pre-wrap; }
  table { border-collapse: collapse; background: #fff; margin: 8px 0; }
  th, td { border: 1px solid #ccd; padding: 4px 8px; text-align: left; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  tr[data-verdict=clean] td.verdict { color: #176b2c; font-weight: 600; }
  tr[data-verdict=needs-cut] td.verdict { color: #a35c00; font-weight: 600; }
  tr[data-verdict=blocked] td.verdict { color: #b00020; font-weight: 600; }
  tr[data-verdict=unverified] td.verdict { color: #6a3fa0; font-weight: 600; }
  #downloads a { margin-right: 16px; }
  #dossier { width: 100%; height: 900px; border: 1px solid #ccd; background: #fff; margin-top: 10px; }
  .hidden { display: none; }
</style>
</head>
<body>
<header><h1>MineScreen · clean-ore screening (净矿出让)</h1></header>
<main>
  <div id="drop" tabindex="0">Drop a blocks file here, or click to choose one: GeoJSON, 坐标文件 (.txt) or a zipped Shapefile (.zip)
    <input id="file" type="file" accept=".geojson,.json,.txt,.zip" class="hidden">
  </div>
  <fieldset>
    <label>id field <input id="idField" type="text" placeholder="(feature id)"></label>
    <label>name field <input id="nameField" type="text" placeholder="(none)"></label>
    <label>token <input id="token" type="password" placeholder="(if the service needs one)"></label>
  </fieldset>
  <div id="status" role="status"></div>
  <div id="summary"></div>
  <table id="verdicts" class="hidden">
    <thead><tr><th>block</th><th>name</th><th>verdict</th><th>area m²</th><th>conflict m²</th><th>clean m²</th><th>reasons</th></tr></thead>
    <tbody></tbody>
  </table>
  <div id="rejected"></div>
  <div id="downloads"></div>
  <iframe id="dossier" class="hidden" sandbox title="dossier"></iframe>
</main>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
let links = [];

function contentType(file) {
  const name = file.name.toLowerCase();
  if (name.endsWith(".zip")) return "application/zip";
  if (name.endsWith(".txt")) return "text/plain";
  return "application/geo+json";
}

function query(extra) {
  const params = new URLSearchParams(extra);
  if ($("idField").value.trim()) params.set("id-field", $("idField").value.trim());
  if ($("nameField").value.trim()) params.set("name-field", $("nameField").value.trim());
  return "/v1/screen?" + params.toString();
}

async function post(file, extra) {
  const headers = { "Content-Type": contentType(file) };
  const token = $("token").value.trim();
  if (token) headers["Authorization"] = "Bearer " + token;
  const response = await fetch(query(extra), { method: "POST", headers, body: file });
  if (!response.ok) {
    let message = response.status + " " + response.statusText;
    try { message = (await response.json()).error || message; } catch (e) {}
    throw new Error(message);
  }
  return response;
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
}

function reasonText(reason) {
  if (reason.rule === "rejected-features") return reason.layer + ": rejected features may touch";
  if (reason.layer) return reason.layer + " " + reason.area_m2.toFixed(2) + " m² (" + reason.percent.toFixed(1) + "%)";
  return reason.message || reason.rule || "";
}

function showReport(report) {
  const body = $("verdicts").querySelector("tbody");
  body.replaceChildren();
  for (const block of report.blocks) {
    const row = document.createElement("tr");
    row.dataset.verdict = block.verdict;
    row.dataset.id = block.id;
    cell(row, block.id);
    cell(row, block.name || "");
    cell(row, block.verdict, "verdict");
    cell(row, block.area_m2.toFixed(2), "num");
    cell(row, block.conflict_m2.toFixed(2), "num");
    cell(row, block.clean_m2.toFixed(2), "num");
    cell(row, block.reasons.map(reasonText).join("; "));
    body.appendChild(row);
  }
  $("verdicts").classList.remove("hidden");
  const s = report.summary;
  $("summary").textContent = s.blocks + " blocks: " + s.clean + " clean, " + s["needs-cut"] + " needs-cut, " +
    s.blocked + " blocked, " + s.unverified + " unverified; " + s.rejected + " rejected features";
  $("rejected").textContent = report.rejected.length
    ? "Rejected: " + report.rejected.map((r) => (r.layer ? r.layer + " " : "") + r.id + ": " + r.reason).join("; ") : "";
}

function download(label, blob, name) {
  const url = URL.createObjectURL(blob);
  links.push(url);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.textContent = label;
  $("downloads").appendChild(a);
}

async function screen(file) {
  for (const url of links) URL.revokeObjectURL(url);
  links = [];
  $("downloads").replaceChildren();
  $("status").className = "";
  $("status").textContent = "screening " + file.name + " …";
  $("dossier").classList.add("hidden");
  try {
    const report = await (await post(file, { remainder: "1" })).json();
    showReport(report);
    const stem = file.name.replace(/\.[^.]*$/, "");
    download("remainder (GeoJSON)", new Blob([JSON.stringify(report.remainder)], { type: "application/geo+json" }), stem + "-remainder.geojson");
    $("status").textContent = "screened " + file.name;
    const html = await (await post(file, { format: "html" })).text();
    download("dossier (HTML)", new Blob([html], { type: "text/html" }), stem + "-dossier.html");
    $("dossier").srcdoc = html;
    $("dossier").classList.remove("hidden");
    const workbook = await (await post(file, { format: "xlsx" })).blob();
    download("workbook (xlsx)", workbook, stem + ".xlsx");
    $("status").textContent = "screened " + file.name + ": " + report.blocks.length + " blocks";
  } catch (error) {
    $("status").className = "error";
    $("status").textContent = file.name + ": " + error.message;
  }
}

$("drop").addEventListener("click", () => $("file").click());
$("drop").addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") $("file").click(); });
$("file").addEventListener("change", () => { if ($("file").files.length) screen($("file").files[0]); });
$("drop").addEventListener("dragover", (e) => { e.preventDefault(); $("drop").classList.add("over"); });
$("drop").addEventListener("dragleave", () => $("drop").classList.remove("over"));
$("drop").addEventListener("drop", (e) => {
  e.preventDefault();
  $("drop").classList.remove("over");
  if (e.dataTransfer.files.length) screen(e.dataTransfer.files[0]);
});
</script>
</body>
</html>
"""#
}
