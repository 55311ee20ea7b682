"""An import-linter contract for the one boundary its built-in contracts cannot express.

import-linter collapses an external package to its top-level name, so "the client core may import
``PySide6.QtCore`` but no other Qt module" (ARCHITECTURE §2) cannot be a ``forbidden`` contract. This
contract reads the import statements of every module under ``source_modules`` and allows, of the
``external`` package, only the listed submodules.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from typing import Any

from importlinter import Contract, ContractCheck, fields, output


class ExternalSubmodulesContract(Contract):
    """Modules under ``source_modules`` import only ``allowed`` submodules of ``external``."""

    type_name = "external_submodules"

    source_modules = fields.ListField(subfield=fields.StringField())
    external = fields.StringField()
    allowed = fields.ListField(subfield=fields.StringField())
    ignore_modules = fields.ListField(subfield=fields.StringField(), required=False, default=[])

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        external = str(self.external)
        allowed = {str(a) for a in self.allowed}  # type: ignore[attr-defined]
        ignored = {str(m) for m in self.ignore_modules}  # type: ignore[attr-defined]
        violations: list[tuple[str, int, str]] = []
        for source in self.source_modules:  # type: ignore[attr-defined]
            for module in sorted(graph.find_descendants(str(source)) | {str(source)}):
                if any(module == i or module.startswith(i + ".") for i in ignored):
                    continue
                spec = importlib.util.find_spec(module)
                if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
                    continue
                tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
                for node in ast.walk(tree):
                    names: list[str] = []
                    if isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                        if node.module == external:
                            names = [f"{external}.{alias.name}" for alias in node.names]
                        else:
                            names = [node.module]
                    for name in names:
                        if (name == external or name.startswith(external + ".")) and name not in allowed:
                            violations.append((module, node.lineno, name))
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for module, line, name in check.metadata["violations"]:
            output.print_error(f"{module}:{line} imports {name}", bold=False)
