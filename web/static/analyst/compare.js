// Comparing versions: each changed diagram drawn twice (before, after) by bpmn-js's NavigatedViewer,
// served from node_modules. The page hands element id -> change in data-markers; removed and changed
// elements are marked on "before", added and changed ones on "after", each with a coloured outline and
// a badge in words (not colour alone). A link in the table of changed elements selects the element on
// both diagrams. The table says everything in words, so the page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof window.BpmnJS !== "function") {
    return;
  }
  const groups = {};
  document.querySelectorAll("[data-compare-diagrams]").forEach((host) => {
    groups[host.id] = drawBoth(host);
  });
  document.querySelectorAll("a[data-select]").forEach((link) => {
    link.addEventListener("click", () => {
      (groups[link.dataset.diagrams] || []).forEach((side) => side.then((viewer) => select(viewer, link.dataset.select)));
    });
  });
  window.kooperacjaCompare = groups;
});

const SHOWN = { old: ["removed", "changed"], new: ["added", "changed"] };

function drawBoth(host) {
  const markers = JSON.parse(host.dataset.markers || "{}");
  const labels = JSON.parse(host.dataset.labels || "{}");
  return Array.from(host.querySelectorAll("figure[data-diagram]"))
    .filter((figure) => figure.dataset.diagram)
    .map((figure) => draw(figure, markers, labels, host.dataset.failed));
}

function draw(figure, markers, labels, failed) {
  const status = figure.querySelector("[data-diagram-status]");
  const viewer = new window.BpmnJS({ container: figure.querySelector(".compare-diagram__canvas") });
  return fetch(figure.dataset.diagram, { credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.text();
    })
    .then((xml) => viewer.importXML(xml))
    .then(() => {
      const marked = mark(viewer, markers, labels, SHOWN[figure.dataset.side]);
      focus(viewer, marked);
      figure.classList.add("compare-diagram--ready");
      figure.dataset.ready = "true";
      status.textContent = "";
      return viewer;
    })
    .catch((error) => {
      status.textContent = failed;
      throw error;
    });
}

function mark(viewer, markers, labels, shown) {
  const canvas = viewer.get("canvas");
  const overlays = viewer.get("overlays");
  const registry = viewer.get("elementRegistry");
  const marked = [];
  Object.entries(markers).forEach(([id, change]) => {
    const element = registry.get(id);
    if (!element || !shown.includes(change)) {
      return;
    }
    marked.push(element);
    canvas.addMarker(id, "cmp-" + change);
    if (element.type === "bpmn:Lane" || element.type === "bpmn:Participant") {
      canvas.addMarker(id, "cmp-lane"); // outline a lane, do not paint over the tasks in it
    }
    if (!element.waypoints) {
      overlays.add(id, { position: { top: -10, left: -6 }, html: badge(change, labels[change]) });
    }
  });
  return marked;
}

// A whole process is often many screens wide: show the changes together when they fit at a readable
// scale, else the first of them (the table's links bring each of the others into view).
const READABLE = 0.4;
const CLOSE = 0.8;

function focus(viewer, marked) {
  const canvas = viewer.get("canvas");
  const shapes = marked.filter((e) => !e.waypoints && !["bpmn:Lane", "bpmn:Participant"].includes(e.type));
  if (!shapes.length) {
    canvas.zoom("fit-viewport");
    return;
  }
  const pad = 60;
  const left = Math.min(...shapes.map((e) => e.x)) - pad;
  const top = Math.min(...shapes.map((e) => e.y)) - pad;
  const right = Math.max(...shapes.map((e) => e.x + e.width)) + pad;
  const bottom = Math.max(...shapes.map((e) => e.y + e.height)) + pad;
  const size = canvas.getSize();
  if (Math.min(size.width / (right - left), size.height / (bottom - top)) < READABLE) {
    centerOn(canvas, shapes[0], CLOSE);
    return;
  }
  const width = Math.max(right - left, size.width);
  const height = Math.max(bottom - top, size.height);
  canvas.viewbox({ x: (left + right - width) / 2, y: (top + bottom - height) / 2, width, height });
}

function centerOn(canvas, element, scale) {
  const size = canvas.getSize();
  const width = size.width / scale;
  const height = size.height / scale;
  const x = element.x + (element.width || 0) / 2 - width / 2;
  const y = element.y + (element.height || 0) / 2 - height / 2;
  canvas.viewbox({ x, y, width, height });
}

function badge(change, label) {
  const element = document.createElement("span");
  element.className = "cmp-badge cmp-badge--" + change;
  element.textContent = { added: "+ ", removed: "− ", changed: "~ " }[change] + label;
  return element;
}

function select(viewer, id) {
  const element = viewer.get("elementRegistry").get(id);
  if (!element) {
    viewer.get("selection").select(null);
    return;
  }
  viewer.get("selection").select(element);
  const canvas = viewer.get("canvas");
  if (element.waypoints) {
    canvas.scrollToElement(element);
  } else {
    centerOn(canvas, element, Math.max(canvas.zoom(), CLOSE));
  }
}
