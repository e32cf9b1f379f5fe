"""Form payloads as a browser posts them: JSON data flattened to dotted field names."""

from __future__ import annotations


def fields(data: dict, prefix: str = "") -> list[tuple[str, str]]:
    """``{"czlonkowie": [{"imie": "Anna"}], "zgoda": True}`` -> ``[("czlonkowie.0.imie", "Anna"), ("zgoda", "true")]``.

    A list of scalars repeats its name (checkboxes); a list of objects numbers its rows.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            pairs += fields(value, f"{name}.")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    pairs += fields(item, f"{name}.{index}.")
                else:
                    pairs.append((name, _text(item)))
        else:
            pairs.append((name, _text(value)))
    return pairs


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
