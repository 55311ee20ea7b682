"""A strict reader for the YAML subset our workflow files use (no YAML library is in the lock).

Block mappings, block sequences (``- item``, items may be mappings), ``|`` literal blocks, plain and
quoted scalars, ``#`` comments. Anything else (anchors, flow collections, folded blocks, tabs) raises
:class:`YamlSubsetError`, so a workflow that drifts out of the subset fails the test rather than being
half-read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

Node = dict[str, "Node"] | list["Node"] | str


class YamlSubsetError(ValueError):
    pass


@dataclass
class _Line:
    number: int
    indent: int
    text: str


def _strip_comment(text: str) -> str:
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"" and (i == 0 or text[i - 1] in " :-["):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] == " "):
            return text[:i].rstrip()
    return text.rstrip()


def _scalar(text: str, number: int) -> str:
    text = text.strip()
    if text.startswith('"'):
        if not text.endswith('"') or len(text) < 2:
            raise YamlSubsetError(f"line {number}: unterminated double-quoted string")
        return str(json.loads(text))
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2:
            raise YamlSubsetError(f"line {number}: unterminated single-quoted string")
        return text[1:-1].replace("''", "'")
    if text[:1] in "[{&*!>" or text.startswith("%"):
        raise YamlSubsetError(f"line {number}: {text[:1]!r} is outside the supported subset")
    return text


class _Reader:
    def __init__(self, source: str) -> None:
        self.raw = source.splitlines()
        self.pos = 0

    def _peek(self) -> _Line | None:
        while self.pos < len(self.raw):
            raw = self.raw[self.pos]
            if "\t" in raw[: len(raw) - len(raw.lstrip())]:
                raise YamlSubsetError(f"line {self.pos + 1}: tab in indentation")
            text = _strip_comment(raw)
            if text.strip():
                return _Line(self.pos + 1, len(text) - len(text.lstrip(" ")), text.strip())
            self.pos += 1
        return None

    def _literal(self, parent_indent: int) -> str:
        lines: list[str] = []
        block_indent = -1
        while self.pos < len(self.raw):
            raw = self.raw[self.pos]
            if raw.strip():
                indent = len(raw) - len(raw.lstrip(" "))
                if indent <= parent_indent:
                    break
                if block_indent < 0:
                    block_indent = indent
                lines.append(raw[block_indent:])
            else:
                lines.append("")
            self.pos += 1
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines) + "\n"

    def _value_after_key(self, rest: str, indent: int, number: int) -> Node:
        if rest == "|" or rest == "|-":
            return self._literal(indent)
        if rest:
            return _scalar(rest, number)
        nxt = self._peek()
        if nxt is None or nxt.indent < indent or (nxt.indent == indent and not nxt.text.startswith("- ")):
            return ""
        return self.block(nxt.indent)

    def block(self, indent: int) -> Node:
        first = self._peek()
        if first is None:
            return ""
        if first.text.startswith("- ") or first.text == "-":
            return self._sequence(indent)
        return self._mapping(indent)

    def _mapping(self, indent: int) -> dict[str, Node]:
        result: dict[str, Node] = {}
        while (line := self._peek()) is not None and line.indent == indent and not line.text.startswith("- "):
            key, sep, rest = line.text.partition(":")
            if not sep or (rest and not rest.startswith(" ")):
                raise YamlSubsetError(f"line {line.number}: expected 'key: value', got {line.text!r}")
            key = _scalar(key, line.number)
            if key in result:
                raise YamlSubsetError(f"line {line.number}: duplicate key {key!r}")
            self.pos += 1
            result[key] = self._value_after_key(rest.strip(), indent, line.number)
        if (line := self._peek()) is not None and line.indent > indent:
            raise YamlSubsetError(f"line {line.number}: unexpected indentation")
        return result

    def _sequence(self, indent: int) -> list[Node]:
        items: list[Node] = []
        while (line := self._peek()) is not None and line.indent == indent and line.text.startswith("-"):
            body = line.text[1:].strip()
            if not body:
                self.pos += 1
                items.append(self.block(self._peek().indent if self._peek() else indent + 2))
                continue
            _, sep, rest = body.partition(":")
            if sep and (not rest or rest.startswith(" ")) and not body.startswith(("'", '"')):
                # "- key: value" opens a mapping whose keys sit at the column after "- ".
                inner = indent + 2
                self.raw[self.pos] = " " * inner + body
                items.append(self._mapping(inner))
            else:
                self.pos += 1
                items.append(_scalar(body, line.number))
        return items


def load(source: str) -> Node:
    reader = _Reader(source)
    first = reader._peek()
    if first is None:
        return ""
    node = reader.block(first.indent)
    rest = reader._peek()
    if rest is not None:
        raise YamlSubsetError(f"line {rest.number}: not understood: {rest.text!r}")
    return node
