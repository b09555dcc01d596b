"""Run mutmut over the notice, issuing and follow-up services (see [tool.mutmut] in pyproject.toml).

    .venv/bin/python scripts/mutation_test.py run       # then: results, show <mutant>
    .venv/bin/python scripts/mutation_test.py results

mutmut leaves decorated functions alone, because a decorator might have side effects when
the function is copied for its mutants. Every service here is decorated only with
`@transaction.atomic`, which has none (each copy keeps it: a nested atomic is a savepoint),
so this wrapper lets mutmut mutate those functions too, and nothing else changes. Results
and the survivors' review: docs/mutation-testing.md.
"""

import sys

import libcst as cst
from mutmut.__main__ import cli
from mutmut.mutation import file_mutation


def _is_atomic(decorator: cst.Decorator) -> bool:
    return cst.Module([]).code_for_node(decorator.decorator) == "transaction.atomic"


_skip = file_mutation.MutationVisitor._skip_node_and_children


def _skip_node_and_children(self, node: cst.CSTNode) -> bool:
    if isinstance(node, cst.FunctionDef) and node.decorators and all(map(_is_atomic, node.decorators)):
        if node.name.value in file_mutation.NEVER_MUTATE_FUNCTION_NAMES:
            return True
        position = self.get_metadata(file_mutation.PositionProvider, node, None)
        if position and position.start.line in self._ignored_node_lines:  # "# pragma: no mutate"
            self.ignored_functions.add(node.name.value)
            return True
        return False
    return _skip(self, node)


file_mutation.MutationVisitor._skip_node_and_children = _skip_node_and_children

if __name__ == "__main__":
    sys.exit(cli())
