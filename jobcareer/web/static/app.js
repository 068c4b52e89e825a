// The practice page: explains the answer as it is typed (debounced), scores uploaded files,
// reports on uploaded interview transcripts.
// No framework, no external assets; all text from the server is inserted as text, never HTML.
"use strict";

const EXAMPLES = [
  ["Hours", "Honestly the hours fit my kids' school run, and the site is ten minutes from home."],
  ["Growth", "I want to master this craft and grow into leading a team in five years."],
  ["Mixed", "The pay is fine, but what I really want is to learn from the senior engineers here."],
  ["Stop-gap", "um i just need something steady for now you know until my lease is up"],
  ["Mission", "I've volunteered at the food bank for years and I want to build a career making sure nobody goes hungry."],
];
const DEBOUNCE_MS = 300;

const $ = (id) => document.getElementById(id);
const answer = $("answer");
let timer = null;
let latest = 0;

function pct(x) {
  const n = Math.round(100 * x);
  if (n === 100 && x < 1) return ">99 %";
  if (n === 0 && x > 0) return "<1 %";
  return `${n} %`;
}
function signed(x) { return (x >= 0 ? "+" : "\u2212") + Math.abs(x).toFixed(2); }

function el(tag, props = {}, text) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  if (text !== undefined) node.textContent = text;
  return node;
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function renderHighlight(data) {
  const view = $("highlighted");
  view.replaceChildren();
  const shown = data.highlighted.map((i) => data.phrases[i]);
  const strongest = Math.max(0, ...shown.map((p) => Math.abs(p.weight)));
  let at = 0;
  for (const p of shown) {
    if (p.start > at) view.append(document.createTextNode(data.text.slice(at, p.start)));
    const mark = el("mark", { className: `hl ${p.label}` }, data.text.slice(p.start, p.end));
    if (Math.abs(p.weight) >= 0.6 * strongest) mark.classList.add("strong");
    mark.title = `toward ${p.label}, weight ${signed(p.weight)}`;
    mark.dataset.label = p.label;
    mark.setAttribute("aria-label", `${data.text.slice(p.start, p.end)} (toward ${p.label})`);
    view.append(mark);
    at = p.end;
  }
  if (at < data.text.length) view.append(document.createTextNode(data.text.slice(at)));
}

function renderSides(data) {
  for (const side of ["career", "job"]) {
    const list = $(`${side}-list`);
    list.replaceChildren();
    // phrases of at least a twentieth of the strongest one's weight: the rest are noise here
    const strongest = Math.max(0, ...data.phrases.map((p) => Math.abs(p.weight)));
    // never a phrase of function words alone ("on", "the"): those are not reasons
    const named = new Set(data.named);
    const phrases = data.phrases.filter((p, i) => named.has(i) && p.label === side && Math.abs(p.weight) >= 0.05 * strongest)
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 6);
    if (!phrases.length) list.append(el("li", {}, "nothing of note"));
    for (const p of phrases) {
      const item = el("li", {}, `\u201c${p.text}\u201d `);
      item.append(el("span", { className: "weight" }, signed(p.weight)));
      list.append(item);
    }
  }
}

function renderSentences(data) {
  const body = $("sentences").querySelector("tbody");
  body.replaceChildren();
  for (const s of data.sentences) {
    const row = el("tr");
    row.append(el("td", {}, s.text), el("td", {}, s.label), el("td", { className: "num" }, pct(s.score)));
    body.append(row);
  }
}

function render(data) {
  $("result").hidden = false;
  const badge = $("label-badge");
  badge.className = `badge ${data.label}`;
  badge.textContent = `${data.label}-oriented`;
  $("score-text").textContent = `P(career) = ${pct(data.score)}`;
  $("meter-mark").style.left = `${100 * data.score}%`;
  const low = $("low-evidence");
  low.hidden = !data.low_evidence;
  low.textContent = data.low_evidence
    ? "Low evidence: this answer has too few known signals for a confident verdict. " +
      "Say what the role would give you now, or where you want it to lead."
    : "";
  $("summary").textContent = data.summary;
  renderHighlight(data);
  renderSides(data);
  renderSentences(data);
  $("verdict-change").textContent = data.verdict_change.message;
}

async function explainNow() {
  const text = answer.value;
  $("counter").textContent = `${text.length} / ${answer.maxLength} characters`;
  const request = ++latest;
  if (!text.trim()) { $("result").hidden = true; showError(""); return; }
  try {
    const response = await fetch("/api/explain", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text }),
    });
    const data = await response.json();
    if (request !== latest) return; // a newer request is on its way
    if (!response.ok) { showError(typeof data.detail === "string" ? data.detail : "The answer was refused."); return; }
    showError("");
    render(data);
  } catch (err) {
    if (request === latest) showError(`Could not reach the local server (${err}).`);
  }
}

answer.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(explainNow, DEBOUNCE_MS);
});

for (const [name, text] of EXAMPLES) {
  const button = el("button", { type: "button" }, name);
  button.setAttribute("aria-label", `Example: ${name}`);
  button.addEventListener("click", () => { answer.value = text; explainNow(); answer.focus(); });
  $("example-buttons").append(button);
}

$("file-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = $("file").files[0];
  const status = $("file-status");
  const link = $("download");
  link.hidden = true;
  if (!file) { status.textContent = "Choose a file first."; return; }
  const format = /\.(jsonl|ndjson)$/i.test(file.name) ? "jsonl" : "csv";
  status.textContent = `Scoring ${file.name}\u2026`;
  const query = new URLSearchParams({ format, column: $("column").value || "text" });
  try {
    const response = await fetch(`/api/score-file?${query}`, { method: "POST", body: file });
    if (!response.ok) {
      const data = await response.json();
      status.textContent = `Not scored: ${typeof data.detail === "string" ? data.detail : "the file was refused"}`;
      return;
    }
    const blob = await response.blob();
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(blob);
    link.download = file.name.replace(/\.[^.]+$/, "") + `.scored.${format}`;
    link.hidden = false;
    status.textContent = `Scored ${file.name}.`;
    link.focus();
  } catch (err) {
    status.textContent = `Could not reach the local server (${err}).`;
  }
});

// Transcripts: the per-answer report as a table on the page, and the HTML report to download.
const TRANSCRIPT_FORMATS = { vtt: "vtt", srt: "srt", txt: "text", json: "json" };

// "mm:ss" as the report writes it (Python's round: halves go to the even second)
function clock(seconds) {
  const floor = Math.floor(seconds);
  const total = seconds - floor === 0.5 ? floor + (floor % 2) : Math.round(seconds);
  const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
  const mm = String(m).padStart(2, "0"), ss = String(s).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function profileLines(data) {
  const p = data.profile;
  const unit = p.basis === "seconds" ? "answering time" : "answer words (the transcript has no times)";
  const lines = [
    `${p.n_answers} answers by ${data.candidate || "the candidate"}.`,
    `Share of ${unit} that reads career-oriented: ${pct(p.career_share)}; job-oriented: ${pct(p.job_share)}.`,
  ];
  if (p.most_job_leaning !== null) {
    const score = data.answers[p.most_job_leaning].explanation.score;
    lines.push(`Most job-leaning answer: #${p.most_job_leaning + 1} (P(career) ${pct(score)}).`);
  }
  lines.push(p.without_orientation.length
    ? "Answers without orientation (too little evidence): " +
      p.without_orientation.map((i) => `#${i + 1}`).join(", ") + "."
    : "Every answer has enough evidence for a verdict.");
  return lines;
}

function renderTranscript(data) {
  const profile = $("transcript-profile");
  profile.replaceChildren(...profileLines(data).map((line) => el("p", {}, line)));
  const body = $("transcript-answers").querySelector("tbody");
  body.replaceChildren();
  for (const a of data.answers) {
    const exp = a.explanation;
    const span = a.start === null || a.end === null ? `line ${a.line}` : `${clock(a.start)}-${clock(a.end)}`;
    const row = el("tr");
    const badge = el("span", { className: `badge ${exp.label}` }, exp.label);
    const labelCell = el("td");
    labelCell.append(badge);
    row.append(el("td", { className: "num" }, String(a.index + 1)), el("td", {}, a.question || "\u2013"),
      el("td", { className: "num nowrap" }, span), labelCell, el("td", { className: "num" }, pct(exp.score)),
      el("td", {}, exp.low_evidence ? "yes" : "no"));
    body.append(row);
  }
  $("transcript-report").hidden = false;
}

async function errorDetail(response, fallback) {
  try {
    const data = await response.json();
    return typeof data.detail === "string" ? data.detail : fallback;
  } catch (err) {
    return fallback;
  }
}

$("transcript-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = $("transcript").files[0];
  const status = $("transcript-status");
  const link = $("transcript-download");
  $("transcript-report").hidden = true;
  if (!file) { status.textContent = "Choose a transcript first."; return; }
  const ext = (file.name.match(/\.([^.]+)$/) || ["", ""])[1].toLowerCase();
  const query = new URLSearchParams({ filename: file.name });
  if (TRANSCRIPT_FORMATS[ext]) query.set("format", TRANSCRIPT_FORMATS[ext]);
  const candidate = $("candidate").value.trim();
  if (candidate) query.set("candidate", candidate);
  status.textContent = `Reading ${file.name}\u2026`;
  try {
    const response = await fetch(`/api/transcript?${query}`, { method: "POST", body: file });
    if (!response.ok) {
      status.textContent = `No report: ${await errorDetail(response, "the transcript was refused")}`;
      return;
    }
    const data = await response.json();
    renderTranscript(data);
    query.set("report", "html");
    const html = await fetch(`/api/transcript?${query}`, { method: "POST", body: file });
    if (link.href) URL.revokeObjectURL(link.href);
    if (html.ok) {
      link.href = URL.createObjectURL(await html.blob());
      link.download = file.name.replace(/\.[^.]+$/, "") + ".report.html";
      link.hidden = false;
    } else {
      link.hidden = true;
    }
    status.textContent = `Report on ${file.name}: ${data.answers.length} answers.`;
  } catch (err) {
    status.textContent = `Could not reach the local server (${err}).`;
  }
});

fetch("/api/info").then((r) => r.json()).then((info) => { $("version").textContent = info.version; })
  .catch(() => {});
