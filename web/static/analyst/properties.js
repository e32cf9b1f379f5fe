/* A thin properties panel beside the BPMN editor, for what Kooperacja's diagrams use.
 *
 * On selection it shows the fields of the element's kind: a user task's form, due time (dueIn),
 * candidateRole, candidateInstitution and instructions; a script task's script; every activity's
 * pre- and post-script and multi-instance (collection and element variable); a called process; a
 * decision; a sequence flow's condition; a timer (ISO 8601, with the date it would fire in words); a
 * message event's message, its variable or payload, and the message's payload keys; a lane's role.
 * "Apply" writes them through bpmn-js's modeling, so undo works; everything else stays in the XML
 * untouched. "Check" sends one piece of code to the server, which compiles it in the engine's sandbox.
 * Lists to choose from (roles, forms, processes, decisions) come in data-* attributes and datalists.
 */
(function () {
  "use strict";

  var panel = document.getElementById("model-properties");
  if (!panel) {
    return;
  }
  var form = panel.querySelector("form");
  var field = function (id) {
    return document.getElementById(id);
  };
  var fields = {
    name: field("prop-name"),
    role: field("prop-role"),
    form: field("prop-form"),
    dueIn: field("prop-due"),
    candidateRole: field("prop-candidate"),
    candidateInstitution: field("prop-candidate-institution"),
    instructions: field("prop-instructions"),
    script: field("prop-script"),
    preScript: field("prop-prescript"),
    postScript: field("prop-postscript"),
    condition: field("prop-condition"),
    timerKind: field("prop-timer-kind"),
    timer: field("prop-timer"),
    message: field("prop-message"),
    messageVariable: field("prop-message-variable"),
    messagePayload: field("prop-message-payload"),
    payloadKeys: field("prop-payload-keys"),
    calledElement: field("prop-called"),
    decision: field("prop-decision"),
    collection: field("prop-collection"),
    element: field("prop-element-variable"),
    sequential: field("prop-sequential"),
  };
  var TIMER = { duration: "timeDuration", date: "timeDate", cycle: "timeCycle" };
  var current = null;

  function modeler() {
    return window.kooperacjaEditor && window.kooperacjaEditor.editor;
  }

  function extension(bo, type) {
    var values = (bo && bo.extensionElements && bo.extensionElements.values) || [];
    return values.filter(function (value) {
      return value.$type === type;
    })[0];
  }

  function extensionValue(bo, type) {
    var found = extension(bo, type);
    return found ? found.value || "" : "";
  }

  function property(bo, name) {
    var holder = extension(bo, "spiffworkflow:Properties");
    var found = holder && (holder.properties || []).filter(function (p) {
      return p.name === name;
    })[0];
    return found ? found.value || "" : "";
  }

  function definitionOf(bo) {
    return (bo.eventDefinitions || [])[0];
  }

  function kindOf(element) {
    var bo = element.businessObject;
    var simple = {
      "bpmn:Lane": "lane",
      "bpmn:SequenceFlow": "flow",
      "bpmn:UserTask": "usertask",
      "bpmn:ScriptTask": "script",
      "bpmn:CallActivity": "callactivity",
      "bpmn:BusinessRuleTask": "businessrule",
    };
    if (simple[element.type]) {
      return simple[element.type];
    }
    var definition = definitionOf(bo);
    if (definition && definition.$type === "bpmn:TimerEventDefinition") {
      return "timer";
    }
    if (definition && definition.$type === "bpmn:MessageEventDefinition") {
      return "message";
    }
    return bo.$instanceOf && bo.$instanceOf("bpmn:Activity") ? "task" : "other";
  }

  function isThrow(element) {
    return element.type === "bpmn:IntermediateThrowEvent" || element.type === "bpmn:EndEvent";
  }

  function show(kind, element) {
    panel.querySelectorAll("[data-for]").forEach(function (node) {
      node.hidden = node.dataset.for.split(" ").indexOf(kind) < 0;
    });
    if (kind === "message") {
      field("prop-message-variable-row").hidden = isThrow(element);
      field("prop-message-payload-row").hidden = !isThrow(element);
    }
    panel.querySelectorAll(".model-properties__check-result").forEach(function (node) {
      node.textContent = "";
    });
  }

  function messages() {
    var editor = modeler();
    var root = editor && editor.getDefinitions();
    return ((root && root.rootElements) || []).filter(function (element) {
      return element.$type === "bpmn:Message";
    });
  }

  function fillMessages(selected) {
    var list = field("prop-messages");
    list.replaceChildren();
    messages().forEach(function (message) {
      var option = document.createElement("option");
      option.value = message.name || message.id;
      list.appendChild(option);
    });
    fields.message.value = selected ? selected.name || selected.id : "";
  }

  function payloadKeysOf(message) {
    var holder = message && extension(message, "spiffworkflow:Properties");
    return ((holder && holder.properties) || [])
      .map(function (p) {
        return p.name + ": " + (p.value || "");
      })
      .join("\n");
  }

  function selectTimer(definition) {
    var kind = "duration";
    Object.keys(TIMER).forEach(function (key) {
      if (definition[TIMER[key]]) {
        kind = key;
      }
    });
    fields.timerKind.value = kind;
    fields.timer.value = definition[TIMER[kind]] ? definition[TIMER[kind]].body || "" : "";
  }

  function selectLoop(bo) {
    var loop = bo.loopCharacteristics;
    var multi = loop && loop.$type === "bpmn:MultiInstanceLoopCharacteristics";
    var input = multi && loop.loopDataInputRef;
    fields.collection.value = input ? input.id || input.name || "" : "";
    fields.element.value = multi && loop.inputDataItem ? loop.inputDataItem.name || loop.inputDataItem.id || "" : "";
    fields.sequential.checked = Boolean(multi && loop.isSequential);
  }

  function select(element) {
    current = element;
    if (!element || element.type === "label") {
      show("none");
      panel.querySelector("#prop-element").textContent = panel.dataset.textNothing;
      return;
    }
    var bo = element.businessObject;
    var kind = kindOf(element);
    show(kind, element);
    panel.querySelector("#prop-element").textContent = bo.id + " (" + element.type.replace("bpmn:", "") + ")";
    fields.name.value = bo.name || "";
    fields.role.value = bo.name || "";
    fields.form.value = property(bo, "formJsonSchemaFilename");
    fields.dueIn.value = property(bo, "dueIn");
    fields.candidateRole.value = property(bo, "candidateRole");
    fields.candidateInstitution.value = property(bo, "candidateInstitution");
    fields.instructions.value = extensionValue(bo, "spiffworkflow:InstructionsForEndUser");
    fields.script.value = bo.script || "";
    fields.preScript.value = extensionValue(bo, "spiffworkflow:PreScript");
    fields.postScript.value = extensionValue(bo, "spiffworkflow:PostScript");
    fields.condition.value = bo.conditionExpression ? bo.conditionExpression.body || "" : "";
    fields.calledElement.value = bo.calledElement || "";
    fields.decision.value = extensionValue(bo, "spiffworkflow:CalledDecisionId");
    selectLoop(bo);
    var definition = definitionOf(bo);
    if (kind === "timer") {
      selectTimer(definition);
    }
    if (kind === "message") {
      fillMessages(definition.messageRef);
      fields.messageVariable.value = extensionValue(definition, "spiffworkflow:MessageVariable");
      fields.messagePayload.value = extensionValue(definition, "spiffworkflow:MessagePayload");
      fields.payloadKeys.value = payloadKeysOf(definition.messageRef);
    }
  }

  // ------------------------------------------------------------------ writing

  function ensureExtensions(bo, moddle) {
    if (!bo.extensionElements) {
      bo.extensionElements = moddle.create("bpmn:ExtensionElements", { values: [] });
      bo.extensionElements.$parent = bo;
    }
    bo.extensionElements.values = bo.extensionElements.values || [];
    return bo.extensionElements;
  }

  function setProperty(moddle, holder, name, value) {
    holder.properties = (holder.properties || []).filter(function (p) {
      return p.name !== name;
    });
    if (value) {
      holder.properties.push(moddle.create("spiffworkflow:Property", { name: name, value: value }));
    }
  }

  function setExtension(bo, moddle, type, value) {
    var elements = ensureExtensions(bo, moddle);
    var found = extension(bo, type);
    if (!found && value) {
      found = moddle.create(type, {});
      elements.values.push(found);
    }
    if (found && value) {
      found.value = value;
    } else if (found) {
      elements.values = elements.values.filter(function (v) {
        return v !== found;
      });
    }
    return elements;
  }

  function properties(bo, moddle) {
    var elements = ensureExtensions(bo, moddle);
    var holder = extension(bo, "spiffworkflow:Properties");
    if (!holder) {
      holder = moddle.create("spiffworkflow:Properties", { properties: [] });
      elements.values.push(holder);
    }
    return holder;
  }

  function applyUserTask(bo, moddle) {
    var holder = properties(bo, moddle);
    var schema = fields.form.value;
    setProperty(moddle, holder, "formJsonSchemaFilename", schema);
    setProperty(moddle, holder, "formUiSchemaFilename", schema ? schema.replace(/\.schema\.json$/, ".uischema.json") : "");
    setProperty(moddle, holder, "dueIn", fields.dueIn.value.trim());
    setProperty(moddle, holder, "candidateRole", fields.candidateRole.value.trim());
    setProperty(moddle, holder, "candidateInstitution", fields.candidateInstitution.value.trim());
    var instructions = extension(bo, "spiffworkflow:InstructionsForEndUser");
    if (!instructions && fields.instructions.value.trim()) {
      instructions = moddle.create("spiffworkflow:InstructionsForEndUser", {});
      bo.extensionElements.values.push(instructions);
    }
    if (instructions) {
      instructions.value = fields.instructions.value;
    }
  }

  function applyScripts(bo, moddle) {
    setExtension(bo, moddle, "spiffworkflow:PreScript", fields.preScript.value.trim() ? fields.preScript.value : "");
    return setExtension(bo, moddle, "spiffworkflow:PostScript", fields.postScript.value.trim() ? fields.postScript.value : "");
  }

  function applyLoop(bo, moddle, changes) {
    var collection = fields.collection.value.trim();
    var item = fields.element.value.trim();
    var loop = bo.loopCharacteristics;
    var multi = loop && loop.$type === "bpmn:MultiInstanceLoopCharacteristics";
    if (!collection && !item) {
      if (multi) {
        changes.loopCharacteristics = undefined;
      }
      return;
    }
    if (!multi) {
      loop = moddle.create("bpmn:MultiInstanceLoopCharacteristics", {});
    }
    // SpiffWorkflow reads the collection as a case variable's name: kept as a bare name (see editor.js)
    var input = loop.loopDataInputRef;
    if (!input || (input.id || input.name) !== collection) {
      loop.set("loopDataInputRef", collection ? { id: collection } : undefined);
    }
    if (!loop.inputDataItem || loop.inputDataItem.name !== item) {
      loop.inputDataItem = item ? moddle.create("bpmn:DataInput", { id: item, name: item }) : undefined;
    }
    if (fields.sequential.checked || loop.isSequential) {
      loop.isSequential = fields.sequential.checked;
    }
    changes.loopCharacteristics = loop;
  }

  function expression(moddle, existing, text) {
    if (!text.trim()) {
      return undefined;
    }
    var node = existing || moddle.create("bpmn:FormalExpression", {});
    node.body = text;
    return node;
  }

  function applyTimer(editor, element, moddle) {
    var definition = definitionOf(element.businessObject);
    var props = {};
    Object.keys(TIMER).forEach(function (key) {
      var chosen = key === fields.timerKind.value;
      props[TIMER[key]] = chosen ? expression(moddle, definition[TIMER[key]], fields.timer.value) : undefined;
    });
    editor.get("modeling").updateModdleProperties(element, definition, props);
  }

  function messageNamed(moddle, name) {
    var found = messages().filter(function (m) {
      return (m.name || m.id) === name;
    })[0];
    if (!found && name) {
      found = moddle.create("bpmn:Message", { id: "Message_" + name.replace(/[^A-Za-z0-9_-]/g, "_"), name: name });
      found.$parent = modeler().getDefinitions();
      modeler().getDefinitions().rootElements.push(found);
    }
    return found;
  }

  function applyPayloadKeys(moddle, message) {
    var holder = properties(message, moddle);
    holder.properties = fields.payloadKeys.value
      .split("\n")
      .map(function (line) {
        var parts = line.split(":");
        return [parts[0].trim(), parts.slice(1).join(":").trim() || "string"];
      })
      .filter(function (pair) {
        return pair[0];
      })
      .map(function (pair) {
        return moddle.create("spiffworkflow:Property", { name: pair[0], value: pair[1] });
      });
    if (!holder.properties.length) {
      message.extensionElements.values = message.extensionElements.values.filter(function (v) {
        return v !== holder;
      });
      if (!message.extensionElements.values.length) {
        message.extensionElements = undefined;
      }
    }
  }

  function applyMessage(editor, element, moddle) {
    var definition = definitionOf(element.businessObject);
    var message = messageNamed(moddle, fields.message.value.trim());
    var type = isThrow(element) ? "spiffworkflow:MessagePayload" : "spiffworkflow:MessageVariable";
    var text = (isThrow(element) ? fields.messagePayload : fields.messageVariable).value.trim();
    var elements = setExtension(definition, moddle, type, text);
    editor.get("modeling").updateModdleProperties(element, definition, {
      messageRef: message,
      extensionElements: elements.values.length ? elements : undefined,
    });
    if (message) {
      applyPayloadKeys(moddle, message);
    }
  }

  function apply(event) {
    event.preventDefault();
    var editor = modeler();
    if (!editor || !current) {
      return;
    }
    var bo = current.businessObject;
    var moddle = editor.get("moddle");
    var kind = kindOf(current);
    var modeling = editor.get("modeling");
    if (kind === "lane") {
      modeling.updateProperties(current, { name: fields.role.value });
      panel.querySelector("#prop-status").textContent = panel.dataset.textApplied;
      return;
    }
    var changes = { name: fields.name.value || undefined };
    if (bo.$instanceOf("bpmn:Activity")) {
      if (kind === "usertask") {
        applyUserTask(bo, moddle);
      }
      if (kind === "businessrule") {
        setExtension(bo, moddle, "spiffworkflow:CalledDecisionId", fields.decision.value.trim());
      }
      var elements = applyScripts(bo, moddle);
      changes.extensionElements = elements.values.length ? elements : undefined;
      applyLoop(bo, moddle, changes);
    }
    if (kind === "script") {
      changes.script = fields.script.value;
      changes.scriptFormat = bo.scriptFormat || "python";
    }
    if (kind === "callactivity") {
      changes.calledElement = fields.calledElement.value.trim() || undefined;
    }
    if (kind === "flow") {
      changes.conditionExpression = expression(moddle, bo.conditionExpression, fields.condition.value);
    }
    modeling.updateProperties(current, changes);
    if (kind === "timer") {
      applyTimer(editor, current, moddle);
    }
    if (kind === "message") {
      applyMessage(editor, current, moddle);
    }
    panel.querySelector("#prop-status").textContent = panel.dataset.textApplied;
  }

  // ------------------------------------------------------------------ checking code on the server

  function check(button) {
    var source = field(button.dataset.source);
    var result = button.parentNode.querySelector(".model-properties__check-result");
    var kind = button.dataset.kind === "timer" ? fields.timerKind.value : button.dataset.kind;
    result.textContent = panel.dataset.textChecking;
    fetch(panel.dataset.checkUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": panel.dataset.csrf },
      body: JSON.stringify({ kind: kind, source: source.value }),
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        result.textContent = answer.words ? answer.message + " " + answer.words : answer.message;
        result.dataset.ok = String(Boolean(answer.ok));
      })
      .catch(function () {
        result.textContent = panel.dataset.textCheckFailed;
      });
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
    panel.querySelectorAll("[data-check]").forEach(function (button) {
      button.addEventListener("click", function () {
        check(button);
      });
    });
    select(null);
  }

  connect();
})();
