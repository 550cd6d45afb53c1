"""What a syntax tree assigns, returns from and captures: the questions the
code generator and its inliners ask before they decide how to compile a block."""

from __future__ import annotations

from ..syntax import nodes as n


def assigns(node: n.Node) -> bool:
    """Whether an assignment stands anywhere in `node`."""
    return any(isinstance(x, n.Assign) for x in node.walk())


def returns(node: n.Node) -> bool:
    """Whether a `^` stands anywhere in `node` (nested blocks included)."""
    return any(isinstance(inner, n.Return) for inner in node.walk())


def free_names(node: n.Node, into: set[str]) -> None:
    """Add every name `node` reads or assigns to `into`."""
    into.update(x.name for x in node.walk() if isinstance(x, (n.Variable, n.Assign)))


def captured_names(node: n.Node, into: set[str]) -> None:
    """Names referenced from blocks that will become real closures."""
    for inner in node.walk(enter=lambda x: x is node or not isinstance(x, n.Block)):
        if isinstance(inner, n.Block) and inner is not node:
            free_names(inner, into)


def literal_block(node: n.Node, nargs: int) -> bool:
    """A literal block with `nargs` parameters whose temporaries no real closure captures.

    Captured parameters are fine: a block made inside the inlined loop takes
    their values of that iteration (see `Compiler.loop_parameters`).
    """
    if not isinstance(node, n.Block) or len(node.parameters) != nargs:
        return False
    declared = set(node.body.temporaries)
    if not declared:
        return True
    captured: set[str] = set()
    captured_names(node.body, captured)
    return not (declared & captured)


def block_nesting(node: n.Node, memo: dict[int, int]) -> int:
    """How deeply blocks nest in `node` (a block counts itself), remembered in `memo`
    for every node inside it so that asking again anywhere below costs nothing."""
    stack: list[tuple[n.Node, bool]] = [(node, False)]
    while stack:
        x, done = stack.pop()
        if done:
            memo[id(x)] = max((memo[id(c)] for c in x.children()), default=0) + \
                isinstance(x, n.Block)
        elif id(x) not in memo:
            stack.append((x, True))
            stack.extend((c, False) for c in x.children())
    return memo[id(node)]
