/* The analyst's diagram editor: bpmn-js or dmn-js on a file of the model, saved as a draft on the server.
 *
 * No inline script: everything the page passes comes in data-* attributes of #model-editor. Saving posts
 * the XML; the server answers with every problem of the working model, which this file lists as
 * "file:line: element-id: message" lines and marks on the diagram's elements.
 */
(function () {
  "use strict";

  var root = document.getElementById("model-editor");
  if (!root) {
    return;
  }
  var data = root.dataset;
  var canvasNode = document.getElementById("model-canvas");
  var statusNode = document.getElementById("model-status");
  var listNode = document.getElementById("model-problems");
  var marked = [];

  function say(text) {
    statusNode.textContent = text;
  }

  function createEditor(descriptor) {
    if (data.editor === "dmn") {
      return new window.DmnJS({ container: canvasNode, common: { keyboard: { bindTo: document } } });
    }
    return new window.BpmnJS({
      container: canvasNode,
      keyboard: { bindTo: document },
      moddleExtensions: { spiffworkflow: descriptor },
    });
  }

  /* bpmn-moddle drops a reference it cannot resolve to an element id. Our multi-instance tasks name
   * case variables in loopDataInputRef/loopDataOutputRef (SpiffWorkflow reads them so), so every such
   * reference is put back as the bare name: the writer then saves it exactly as it was read. */
  function keepUnresolvedReferences(warnings) {
    (warnings || []).forEach(function (warning) {
      if (!warning.element || !warning.property || typeof warning.value !== "string") {
        return;
      }
      var descriptor = warning.element.$descriptor.propertiesByName[warning.property];
      if (descriptor && !descriptor.isMany && !warning.element.get(warning.property)) {
        warning.element.set(warning.property, { id: warning.value });
      }
    });
  }

  function activeViewer(editor) {
    return data.editor === "dmn" ? editor.getActiveViewer() : editor;
  }

  function clearMarks(editor) {
    var viewer = activeViewer(editor);
    if (!viewer) {
      return;
    }
    var canvas = viewer.get("canvas");
    marked.forEach(function (id) {
      try {
        canvas.removeMarker(id, "model-problem");
      } catch (ignored) {
        /* the element was deleted since */
      }
    });
    marked = [];
  }

  function markProblems(editor, problems) {
    clearMarks(editor);
    var viewer = activeViewer(editor);
    var registry = viewer && viewer.get("elementRegistry", false);
    problems.forEach(function (problem) {
      if (problem.element_id && registry && registry.get(problem.element_id) && marked.indexOf(problem.element_id) < 0) {
        viewer.get("canvas").addMarker(problem.element_id, "model-problem");
        marked.push(problem.element_id);
      }
    });
  }

  function showElement(editor, id) {
    var viewer = activeViewer(editor);
    var registry = viewer && viewer.get("elementRegistry", false);
    var element = registry && registry.get(id);
    if (element) {
      viewer.get("selection").select(element);
      viewer.get("canvas").scrollToElement(element);
      canvasNode.focus();
    }
  }

  function onDiagram(editor, id) {
    var viewer = activeViewer(editor);
    var registry = viewer && viewer.get("elementRegistry", false);
    return Boolean(registry && registry.get(id));
  }

  function listProblems(editor, problems) {
    listNode.replaceChildren();
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      if (problem.element_id && onDiagram(editor, problem.element_id)) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button--link";
        button.textContent = problem.text;
        button.addEventListener("click", function () {
          showElement(editor, problem.element_id);
        });
        item.appendChild(button);
      } else {
        item.textContent = problem.text;
      }
      listNode.appendChild(item);
    });
    document.getElementById("model-problems-section").hidden = problems.length === 0;
  }

  function save(editor) {
    say(data.textSaving);
    return editor
      .saveXML({ format: true })
      .then(function (result) {
        return fetch(data.saveUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/xml; charset=utf-8", "X-CSRF-Token": data.csrf },
          body: result.xml,
        });
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (answer) {
        listProblems(editor, answer.problems);
        markProblems(editor, answer.problems);
        say(answer.count ? data.textSavedProblems.replace("{count}", answer.count) : data.textSavedClean);
        root.dataset.saved = String(Number(root.dataset.saved || "0") + 1);
        return answer;
      })
      .catch(function (error) {
        say(data.textSaveFailed + " (" + error.message + ")");
        throw error;
      });
  }

  function start(descriptor) {
    var editor = createEditor(descriptor);
    window.kooperacjaEditor = { editor: editor, save: function () { return save(editor); } };
    root.dispatchEvent(new CustomEvent("kooperacja:editor")); // the properties panel listens from now on
    return fetch(data.sourceUrl, { credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (xml) {
        return editor.importXML(xml);
      })
      .then(function (result) {
        keepUnresolvedReferences(result.warnings);
        document.getElementById("model-save").addEventListener("click", function () {
          save(editor).catch(function () {});
        });
        root.dataset.ready = "true";
        say(data.textReady);
      })
      .catch(function (error) {
        say(data.textLoadFailed + " (" + error.message + ")");
      });
  }

  fetch(data.moddleUrl, { credentials: "same-origin" })
    .then(function (response) {
      return response.json();
    })
    .then(start);
})();
