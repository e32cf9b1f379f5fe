// Bulk actions with progress: the selected cases go to the server in small batches; every case's
// result is added to the table as it comes back. Without JavaScript the form posts them all at once.
// Every form with a data-batch-url on the page works this way (the migration page has two).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-batch-url]").forEach((form) => {
    const boxes = () => Array.from(form.querySelectorAll("input[name=case_id]"));
    const all = form.querySelector("[data-select-all]");
    if (all) {
      all.hidden = false;
      all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
    }
    form.addEventListener("submit", (event) => {
      const chosen = boxes().filter((box) => box.checked).map((box) => box.value);
      if (!chosen.length) {
        return; // the server explains that nothing was selected
      }
      event.preventDefault();
      run(form, chosen);
    });
  });
});

function text(form, name, values) {
  return Object.entries(values).reduce((result, [key, value]) => result.replace("{" + key + "}", value), form.dataset[name]);
}

async function run(form, chosen) {
  const size = Number(form.dataset.batchSize);
  const progress = form.querySelector("[data-bulk-progress]");
  const bar = progress.querySelector("progress");
  const status = progress.querySelector("[data-bulk-status]");
  const rows = progress.querySelector("[data-bulk-results] tbody");
  const fields = new FormData(form);
  fields.delete("case_id");
  form.querySelectorAll("button, input").forEach((control) => { control.disabled = true; });
  progress.hidden = false;
  bar.max = chosen.length;
  rows.textContent = "";
  let handled = 0;
  let changed = 0;
  for (let start = 0; start < chosen.length; start += size) {
    const body = new FormData();
    fields.forEach((value, key) => body.append(key, value));
    chosen.slice(start, start + size).forEach((id) => body.append("case_id", id));
    let answer;
    try {
      const response = await fetch(form.dataset.batchUrl, { method: "POST", body, credentials: "same-origin" });
      answer = await response.json();
    } catch (error) {
      status.textContent = text(form, "textStopped", { left: chosen.length - handled });
      return;
    }
    if (answer.error) {
      status.textContent = answer.error;
      form.querySelectorAll("button, input").forEach((control) => { control.disabled = false; });
      return;
    }
    answer.results.forEach((result) => {
      rows.appendChild(row(form, result));
      handled += 1;
      changed += result.done ? 1 : 0;
    });
    bar.value = handled;
    status.textContent = text(form, "textProgress", { done: handled, all: chosen.length });
  }
  status.textContent = text(form, "textFinished", { changed, all: chosen.length });
  progress.querySelector("[data-bulk-reload]").hidden = false;
}

function row(form, result) {
  const tr = document.createElement("tr");
  const key = document.createElement("th");
  key.scope = "row";
  key.textContent = result.business_key;
  const outcome = document.createElement("td");
  outcome.textContent = result.done ? form.dataset.textChanged : form.dataset.textUnchanged;
  const detail = document.createElement("td");
  detail.textContent = result.done ? result.status : result.message;
  tr.append(key, outcome, detail);
  return tr;
}
