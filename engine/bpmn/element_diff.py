"""The elements of two BPMN files compared by id: which were added, removed or changed.

An element is anything in the BPMN namespace with an ``id`` (tasks, gateways, events, flows, lanes,
processes ...). It changed when its attributes or its own content (extension elements, conditions,
documentation; not the elements with ids nested in it) or its lane differ: a task moved to another lane
is changed (it is someone else's task now). Where shapes sit on the diagram (BPMN DI) does not count.
A file that does not parse has no elements.
"""

from __future__ import annotations

from lxml import etree

from engine.bpmn.sources import BPMN_NS

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)


def elements(content: bytes) -> dict[str, tuple[str, str, bytes]]:
    """Element id -> (its kind, e.g. ``userTask``; its name or ""; what makes it what it is)."""
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        return {}
    found = {}
    lane_of = _lanes(root)
    for node in root.iter(f"{{{BPMN_NS}}}*"):
        ident = node.get("id")
        if ident is None:
            continue
        kind = etree.QName(node).localname
        own = b"".join(etree.tostring(child) for child in node if child.get("id") is None)
        attributes = repr(sorted(node.attrib.items())).encode()
        lane = lane_of.get(ident, ("", ""))[0].encode()
        own_text = (node.text or "").strip().encode()
        found[ident] = (kind, node.get("name") or "", attributes + b"\0" + own + own_text + b"\0" + lane)
    return found


def lanes(content: bytes) -> dict[str, str]:
    """Element id -> the name (else the id) of the lane it is in, for the elements that are in one."""
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        return {}
    return {ident: name for ident, (_lane, name) in _lanes(root).items()}


def _lanes(root) -> dict[str, tuple[str, str]]:
    found = {}
    for lane in root.iter(f"{{{BPMN_NS}}}lane"):
        for ref in lane.iter(f"{{{BPMN_NS}}}flowNodeRef"):
            if ref.getparent() is lane and ref.text:
                found[ref.text.strip()] = (lane.get("id") or "", lane.get("name") or lane.get("id") or "")
    return found


def compare(old: bytes, new: bytes) -> list[tuple[str, str, str, str, str]]:
    """(change, id, kind, old name, new name) for every element added, removed or changed.

    The change is ``added``, ``removed`` or ``changed``; sorted by change, then id.
    """
    before, after = elements(old), elements(new)
    changes = []
    for ident in sorted(set(before) | set(after)):
        if ident not in before:
            changes.append(("added", ident, after[ident][0], "", after[ident][1]))
        elif ident not in after:
            changes.append(("removed", ident, before[ident][0], before[ident][1], ""))
        elif before[ident] != after[ident]:
            changes.append(("changed", ident, after[ident][0], before[ident][1], after[ident][1]))
    order = {"added": 0, "removed": 1, "changed": 2}
    return sorted(changes, key=lambda c: (order[c[0]], c[1]))
