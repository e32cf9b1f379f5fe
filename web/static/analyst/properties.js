/* A thin properties panel beside the BPMN editor, for what Kooperacja's diagrams use.
 *
 * On selection it shows the element's name and, for a user task, its form, due time (dueIn),
 * candidateRole and instructions for the worker; for a lane, the role it stands for (its name, chosen
 * from the roles). "Apply" writes them through bpmn-js's modeling, so undo works; the roles and forms
 * to choose from come from the server in data-* attributes. Everything else stays in the XML untouched.
 */
(function () {
  "use strict";

  var panel = document.getElementById("model-properties");
  if (!panel) {
    return;
  }
  var form = panel.querySelector("form");
  var fields = {
    name: document.getElementById("prop-name"),
    role: document.getElementById("prop-role"),
    form: document.getElementById("prop-form"),
    dueIn: document.getElementById("prop-due"),
    candidateRole: document.getElementById("prop-candidate"),
    instructions: document.getElementById("prop-instructions"),
  };
  var current = null;

  function modeler() {
    return window.kooperacjaEditor && window.kooperacjaEditor.editor;
  }

  function extension(bo, type) {
    var values = (bo.extensionElements && bo.extensionElements.values) || [];
    return values.filter(function (value) {
      return value.$type === type;
    })[0];
  }

  function property(bo, name) {
    var holder = extension(bo, "spiffworkflow:Properties");
    var found = holder && (holder.properties || []).filter(function (p) {
      return p.name === name;
    })[0];
    return found ? found.value || "" : "";
  }

  function show(kind) {
    panel.querySelectorAll("[data-for]").forEach(function (node) {
      node.hidden = node.dataset.for.split(" ").indexOf(kind) < 0;
    });
  }

  function select(element) {
    current = element;
    if (!element || element.type === "label") {
      show("none");
      panel.querySelector("#prop-element").textContent = panel.dataset.textNothing;
      return;
    }
    var bo = element.businessObject;
    var kind = element.type === "bpmn:UserTask" ? "usertask" : element.type === "bpmn:Lane" ? "lane" : "other";
    show(kind);
    panel.querySelector("#prop-element").textContent = bo.id + " (" + element.type.replace("bpmn:", "") + ")";
    fields.name.value = bo.name || "";
    fields.role.value = bo.name || "";
    fields.form.value = property(bo, "formJsonSchemaFilename");
    fields.dueIn.value = property(bo, "dueIn");
    fields.candidateRole.value = property(bo, "candidateRole");
    var instructions = extension(bo, "spiffworkflow:InstructionsForEndUser");
    fields.instructions.value = instructions ? instructions.value || "" : "";
  }

  function ensureExtensions(bo, moddle) {
    var elements = bo.extensionElements || moddle.create("bpmn:ExtensionElements", { values: [] });
    elements.values = elements.values || [];
    return elements;
  }

  function setProperty(moddle, holder, name, value) {
    holder.properties = (holder.properties || []).filter(function (p) {
      return p.name !== name;
    });
    if (value) {
      holder.properties.push(moddle.create("spiffworkflow:Property", { name: name, value: value }));
    }
  }

  function applyUserTask(bo, moddle) {
    var elements = ensureExtensions(bo, moddle);
    var holder = extension(bo, "spiffworkflow:Properties");
    if (!holder) {
      holder = moddle.create("spiffworkflow:Properties", { properties: [] });
      elements.values.push(holder);
    }
    var schema = fields.form.value;
    setProperty(moddle, holder, "formJsonSchemaFilename", schema);
    setProperty(moddle, holder, "formUiSchemaFilename", schema ? schema.replace(/\.schema\.json$/, ".uischema.json") : "");
    setProperty(moddle, holder, "dueIn", fields.dueIn.value.trim());
    setProperty(moddle, holder, "candidateRole", fields.candidateRole.value.trim());
    var instructions = extension(bo, "spiffworkflow:InstructionsForEndUser");
    if (!instructions && fields.instructions.value.trim()) {
      instructions = moddle.create("spiffworkflow:InstructionsForEndUser", {});
      elements.values.push(instructions);
    }
    if (instructions) {
      instructions.value = fields.instructions.value;
    }
    return elements;
  }

  function apply(event) {
    event.preventDefault();
    var editor = modeler();
    if (!editor || !current) {
      return;
    }
    var bo = current.businessObject;
    var modeling = editor.get("modeling");
    if (current.type === "bpmn:Lane") {
      modeling.updateProperties(current, { name: fields.role.value });
    } else {
      var changes = { name: fields.name.value };
      if (current.type === "bpmn:UserTask") {
        changes.extensionElements = applyUserTask(bo, editor.get("moddle"));
      }
      modeling.updateProperties(current, changes);
    }
    panel.querySelector("#prop-status").textContent = panel.dataset.textApplied;
  }

  // Connected as soon as the editor exists, before its diagram is imported (and "ready"), so no
  // selection made once the page says it is ready goes unnoticed.
  function connect() {
    var editor = modeler();
    if (!editor) {
      document.getElementById("model-editor").addEventListener("kooperacja:editor", connect, { once: true });
      return;
    }
    editor.on("selection.changed", function (event) {
      select(event.newSelection.length === 1 ? event.newSelection[0] : null);
      panel.querySelector("#prop-status").textContent = "";
    });
    form.addEventListener("submit", apply);
    select(null);
  }

  connect();
})();
