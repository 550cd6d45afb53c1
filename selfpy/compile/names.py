"""Names shared by generated code and the runtime that fills its namespace.

The code generator (`codegen`, `inline`) writes these names into the Python
it produces; the runtime binds each of them in the namespace that code runs
in (`Runtime.refresh`, `Runtime.changed`). Both sides take them from here, so
a name cannot change on one side only.
"""

from __future__ import annotations

# the image's unique objects
TRUE = "TRUE"
FALSE = "FALSE"
NIL = "NIL"

# what generated code calls
HOME = "HOME"  # makes the home of a method activation whose blocks return with `^`
NONLOCAL = "NONLOCAL"  # `^` inside a block: return from the home (or the selfpy error)
NLR = "NLR"  # the exception a non-local return travels as
BLOCK = "BLOCK"  # the class of blocks: makes one, and tells a block receiver
MKVEC = "MKVEC"  # a brace array `{ a. b }`
MKOBJ = "MKOBJ"  # an object literal `(| ... |)`
NOTBOOLEAN = "NOTBOOLEAN"  # the error of a loop condition that is no boolean

# what the inlined fast paths test a value against
NUM = "NUM"  # the Python types of numbers
INDEXED = "INDEXED"  # the Python types of vectors and lists
VMAPS = "VMAPS"  # the maps of the vector and list prototypes (no clone with own `at:`)
OBJ = "OBJ"  # the Python type of plain objects

# The guards: each is true only while lookup finds the kernel's own method for
# every selector it covers (for the receivers `Runtime` names), so a user who
# redefines one of them sees the new behaviour at once.
G_BOOL = "G_BOOL"
G_BLOCK = "G_BLOCK"
G_INT = "G_INT"
G_BITS = "G_BITS"
G_VEC = "G_VEC"
G_STR = "G_STR"
G_VALUE = "G_VALUE"

ARITHMETIC = ("+", "-", "*", "//", "\\\\", "/")
COMPARISONS = ("<", ">", "<=", ">=", "=", "~=")
NUMBER_UNARY = ("abs", "negated")
BITS = ("bitAnd:", "bitOr:", "bitXor:")  # integers only

INLINED_SELECTORS: dict[str, tuple[str, ...]] = {
    G_BOOL: ("ifTrue:", "ifFalse:", "ifTrue:ifFalse:", "ifFalse:ifTrue:", "and:", "or:", "not"),
    G_BLOCK: ("whileTrue:", "whileFalse:", "whileTrue", "whileFalse"),
    G_INT: ARITHMETIC + COMPARISONS + ("to:do:", "to:by:do:", "timesRepeat:") + NUMBER_UNARY,
    G_BITS: BITS,
    G_VEC: ("at:", "at:put:", "size"),
    G_STR: ("=", "~=", "at:", "size"),
    G_VALUE: ("value", "value:", "value:value:", "value:value:value:"),
}
"""Guard name → the selectors whose inlined code it guards (`compile.inline.INLINERS`)."""


def class_of(value: str) -> str:
    """Generated code's test of a value's Python type: `x.__class__`, which CPython
    reads faster than it calls `type(x)` (about 5 ns a test, and a send has several).
    The same for every value a send can see: numbers, strings, blocks and objects
    (a ghost's class is read without loading it)."""
    return f"{value}.__class__" if value.isidentifier() else f"({value}).__class__"


def python_name(selector: str) -> str:
    """The global name compiled code uses for a primitive: `_At:Put:` → `P_At_Put_`."""
    return "P" + selector.replace(":", "_")
