// The case on its diagram: bpmn-js (NavigatedViewer, served from node_modules) draws the process;
// the page hands the element states in data-markers. The same information is in the list below the
// picture, so the page works without JavaScript. No inline styles: markers are classes (case-map.css)
// and overlays are elements built here, positioned by diagram-js through the CSSOM (CSP allows it).
document.addEventListener("DOMContentLoaded", () => {
  const host = document.getElementById("case-map");
  if (!host || typeof window.BpmnJS !== "function") {
    return;
  }
  const status = host.querySelector("[data-map-status]");
  const markers = JSON.parse(host.dataset.markers || "{}");
  const viewer = new window.BpmnJS({ container: host.querySelector(".case-map__canvas") });

  fetch(host.dataset.diagram, { credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.text();
    })
    .then((xml) => viewer.importXML(xml))
    .then(() => {
      decorate(viewer, markers);
      focusOnCurrent(viewer, markers);
      host.classList.add("case-map--ready");
      status.textContent = "";
    })
    .catch(() => {
      status.textContent = host.dataset.failed;
    });

  viewer.on("element.click", (event) => {
    const entry = document.getElementById("el-" + event.element.id);
    if (entry) {
      if (entry.tagName === "DETAILS") {
        entry.open = true;
      }
      entry.scrollIntoView({ block: "start" });
      (entry.querySelector("summary, a") || entry).focus();
    }
  });
});

function decorate(viewer, markers) {
  const canvas = viewer.get("canvas");
  const overlays = viewer.get("overlays");
  const registry = viewer.get("elementRegistry");
  Object.entries(markers).forEach(([id, marker]) => {
    if (!registry.get(id)) {
      return;
    }
    canvas.addMarker(id, "cm-" + marker.state);
    if (registry.get(id).children && registry.get(id).children.length) {
      canvas.addMarker(id, "cm-container"); // an expanded subprocess: mark its border, not its area
    }
    if (marker.badge) {
      overlays.add(id, "cm-badge", { position: { bottom: 4, right: 4 }, html: badge(marker.badge) });
    }
    if (marker.drills.length) {
      overlays.add(id, "cm-drill", { position: { top: -6, left: 0 }, html: drills(marker.drills) });
    }
  });
}

function badge(text) {
  const element = document.createElement("span");
  element.className = "cm-badge";
  element.textContent = text;
  return element;
}

function drills(targets) {
  const list = document.createElement("span");
  list.className = "cm-drills";
  targets.forEach((target) => {
    const link = document.createElement("a");
    link.className = "cm-drill";
    link.href = target.href;
    link.textContent = "▸ " + target.label;
    list.appendChild(link);
  });
  return list;
}

// A large diagram shrinks to illegibility when fitted whole: show the part where the case is now
// (running or failed steps, else waiting ones), never smaller than a readable width. Pan and zoom show the rest.
function focusOnCurrent(viewer, markers) {
  const canvas = viewer.get("canvas");
  const registry = viewer.get("elementRegistry");
  canvas.zoom("fit-viewport");
  const inState = (states) =>
    Object.entries(markers)
      .filter(([id, marker]) => states.includes(marker.state) && registry.get(id))
      .map(([id]) => registry.get(id))
      .filter((element) => !(element.children && element.children.length));
  const running = inState(["active", "error"]);
  const current = running.length ? running : inState(["waiting"]);
  const whole = canvas.viewbox();
  if (!current.length || whole.inner.width < 1800) {
    return;
  }
  const left = Math.min(...current.map((e) => e.x));
  const top = Math.min(...current.map((e) => e.y));
  const right = Math.max(...current.map((e) => e.x + e.width));
  const bottom = Math.max(...current.map((e) => e.y + e.height));
  const width = Math.max(right - left + 300, 1400);
  const height = (width * whole.outer.height) / whole.outer.width;
  canvas.viewbox({ x: (left + right - width) / 2, y: (top + bottom - height) / 2, width, height });
}
