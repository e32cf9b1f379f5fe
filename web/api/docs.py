"""The OpenAPI 3.1 document (``/api/v1/openapi.json``), assembled by apispec from the declared operations
(``blueprint.OPERATIONS``) and the pydantic models' JSON Schemas, and a documentation page made from it."""

from __future__ import annotations

from apispec import APISpec
from flask import jsonify, render_template
from pydantic import BaseModel

from engine.roles import API_OPERATIONS
from web.access import public
from web.api.blueprint import MAX_BODY, MAX_DEPTH, OPERATIONS, Operation, blueprint
from web.api.models import Health, Problem
from web.problems import KINDS, PROBLEM_JSON

PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"


@blueprint.get("/openapi.json")
@public
def openapi():
    return jsonify(document())


@blueprint.get("/docs")
@public
def docs():
    return render_template(
        "api/docs.html",
        document=document(),
        operations=OPERATIONS,
        scopes=API_OPERATIONS,
        kinds=KINDS,
        max_body=MAX_BODY,
        max_depth=MAX_DEPTH,
    )


def document() -> dict:
    spec = APISpec(
        title="Kooperacja API",
        version="1",
        openapi_version="3.1.0",
        info={
            "description": "Systemy partnerów (sąd, policja, urząd pracy, OPS) czytają sprawy, w których bierze "
            "udział ich instytucja, i przekazują do nich wiadomości. Token API działa w imieniu jednej "
            "instytucji i tylko w operacjach, na które go wydano. Błędy: application/problem+json "
            "(RFC 9457), po polsku, po angielsku z nagłówkiem Accept-Language: en."
        },
        servers=[{"url": "/"}],
    )
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    known: set[str] = set()
    _schema(spec, Problem, known)
    _schema(spec, Health, known)
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault(PREFIX + op.path, {})[op.method] = _operation(spec, op, known)
    paths[PREFIX + "/health"] = {"get": _health()}
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _operation(spec: APISpec, op: Operation, known: set[str]) -> dict:
    _schema(spec, op.response, known)
    responses = {
        str(op.status): {
            "description": op.summary,
            "content": {"application/json": {"schema": {"$ref": REF.format(model=op.response.__name__)}}},
        }
    }
    for status in sorted(set(op.problems)):
        kind = next(kind for kind, (code, _title) in KINDS.items() if code == status)
        responses[str(status)] = {
            "description": str(KINDS[kind][1]),
            "content": {PROBLEM_JSON: {"schema": {"$ref": REF.format(model="Problem")}}},
        }
    found = {
        "operationId": op.endpoint,
        "summary": op.summary,
        "description": f"{op.description} Uprawnienie tokenu: {op.operation}.",
        "security": [{"token": []}],
        "parameters": list(op.parameters),
        "responses": responses,
        "x-token-operation": op.operation,
    }
    if op.request is not None:
        _schema(spec, op.request, known)
        schema = {"$ref": REF.format(model=op.request.__name__)}
        found["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    elif op.method == "post":
        found["requestBody"] = {"required": False, "content": {"application/json": {"schema": {}}}}
    return found


def _health() -> dict:
    return {
        "operationId": "health",
        "summary": "Health check",
        "description": "Dla systemów równoważenia obciążenia; bez tokenu.",
        "responses": {
            "200": {
                "description": "Działa",
                "content": {"application/json": {"schema": {"$ref": REF.format(model="Health")}}},
            }
        },
    }


def _schema(spec: APISpec, model: type[BaseModel], known: set[str]) -> None:
    """Register ``model`` and the models it refers to as components (each once)."""
    schema = model.model_json_schema(ref_template=REF, mode="serialization")
    for name, nested in schema.pop("$defs", {}).items():
        if name not in known:
            known.add(name)
            spec.components.schema(name, nested)
    if model.__name__ not in known:
        known.add(model.__name__)
        spec.components.schema(model.__name__, schema)
