"""Deterministic candidates: methods that follow from the receiver's own slots.

Before any model is asked, a not-understood selector is read as: a slot
accessor (`getX`, `X` for a slot `x`), a setter (`setX:` for an assignable
`x`), a derived accessor (`customerName` for `customer name`), or a name for
a message the receiver already understands (`length` for `size`, `isEven`
for `even`, a near spelling of an existing selector).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..objects.lookup import lookup_path
from ..objects.prototypes import SelfObject
from ..objects.slot import ASSIGNABLE, METHOD
from ..syntax.selector import arity, is_binary, is_primitive, keywords
from .candidate import ACCESSOR, Candidate, argument_names

if TYPE_CHECKING:
    from ..vm.runtime import Runtime

# Groups of selectors that mean the same thing; all members of a group take
# the same number of arguments. A missing member delegates to a present one.
SYNONYMS: list[tuple[str, ...]] = [
    ("size", "length", "count", "len", "numberOfElements"),
    ("asUppercase", "upcase", "uppercase", "toUpperCase", "toUpper", "upper", "asUpper"),
    ("asLowercase", "downcase", "lowercase", "toLowerCase", "toLower", "lower", "asLower"),
    ("reversed", "reverse", "reversedCopy"),
    ("includes:", "contains:", "has:", "includesElement:", "containsElement:"),
    ("includesSubstring:", "contains:", "includesString:", "containsSubstring:"),
    ("add:", "append:", "push:", "addLast:"),
    ("collect:", "map:", "mapAll:"),
    ("select:", "filter:", "where:"),
    ("reject:", "filterOut:", "exclude:"),
    ("do:", "each:", "forEach:", "doEach:"),
    ("printString", "toString", "asString", "description"),
    ("abs", "absolute", "absoluteValue", "absValue", "magnitude"),
    ("negated", "negate", "negative", "opposite"),
    ("sqrt", "squareRoot", "root"),
    ("even", "isEven"),
    ("odd", "isOdd"),
    ("asInteger", "asInt", "toInteger", "toInt", "integer"),
    ("asFloat", "toFloat", "asReal"),
    ("first", "head", "firstElement", "front"),
    ("last", "lastElement", "back"),
    ("sort", "sorted", "asSorted"),
    ("isEmpty", "empty", "isBlank"),
    ("notEmpty", "isNotEmpty", "nonEmpty", "hasElements"),
    ("raisedTo:", "pow:", "power:", "toThe:", "toPower:"),
    ("+", "plus:", "add:"),
    ("-", "minus:", "subtract:"),
    ("*", "times:", "multipliedBy:", "multiply:"),
    ("/", "dividedBy:", "divide:"),
    ("\\\\", "mod:", "modulo:"),
    ("rem:", "remainder:"),
    (",", "concat:", "concatenate:", "append:", "join:"),
    ("=", "equals:", "isEqualTo:", "sameAs:"),
    ("<", "lessThan:", "isLessThan:"),
    (">", "greaterThan:", "isGreaterThan:"),
    ("max:", "maxWith:", "maximum:"),
    ("min:", "minWith:", "minimum:"),
    ("copyFrom:to:", "from:to:", "substringFrom:to:", "sliceFrom:to:"),
    ("asNumber", "toNumber", "parseNumber", "asNum"),
    ("asSymbol", "toSymbol"),
    ("keysAndValuesDo:", "eachPair:", "forEachPair:"),
    ("at:ifAbsent:", "at:default:", "at:otherwise:"),
]


def candidates(rt: Runtime, receiver: object, selector: str) -> list[Candidate]:
    """Every deterministic candidate for `selector` sent to `receiver`, best first."""
    found: list[Candidate] = []
    path = _user_path(rt, receiver)
    understood = _understood(rt, receiver)

    def add(body: str, why: str) -> None:
        if all(c.body != body for c in found):
            found.append(Candidate(selector, body, ACCESSOR, why))

    if arity(selector) == 0:
        for slot_name in _data_slots(path):
            if _same_name(_strip(selector, "get"), slot_name) or \
                    _same_name(_strip(selector, "is"), slot_name):
                add(f"( {slot_name} )", f"answers slot {slot_name}")
        for prefix, rest in _splits(selector):
            for holder in path:
                slot = holder._map.slots.get(prefix)
                if slot is None or slot.kind == METHOD or slot.parent:
                    continue
                value = holder.slot_value(slot)
                if rest in _understood(rt, value):
                    add(f"( {prefix} {rest} )", f"answers {rest} of slot {prefix}")
                break
    if arity(selector) == 1 and not is_binary(selector) and selector.startswith("set"):
        name = _lower_first(selector[3:-1])
        for holder in path:
            slot = holder._map.slots.get(name)
            if slot is not None and slot.kind == ASSIGNABLE and not slot.parent:
                add(f"( {name}: a )", f"sets slot {name}")
                break
    for target in _same_meaning(selector, understood):
        add(_delegation(selector, target), f"sends #{target}, which means the same")
    return found


def _delegation(selector: str, target: str) -> str:
    """A body that sends `target` to self with this method's arguments."""
    names = argument_names(selector)
    if is_binary(target):
        return f"( self {target} {names[0]} )"
    if arity(target) == 0:
        return f"( self {target} )"
    return "( self " + " ".join(f"{k} {a}" for k, a in zip(keywords(target), names,
                                                          strict=True)) + " )"


def _same_meaning(selector: str, understood: set[str]) -> list[str]:
    """Selectors the receiver understands that mean `selector`: synonyms, then near names."""
    targets: list[str] = []
    for group in SYNONYMS:
        if selector in group:
            targets.extend(t for t in group if t != selector and t in understood
                           and arity(t) == arity(selector) and t not in targets)
    folded = selector.lower()
    for name in sorted(understood):
        if name == selector or arity(name) != arity(selector) or name in targets:
            continue
        if name.lower() == folded or (len(selector) >= 5 and _one_edit_apart(name, selector)):
            targets.append(name)
    return targets


def _understood(rt: Runtime, value: object) -> set[str]:
    """Every selector `value` understands (slots along its lookup path, setters included)."""
    try:
        path = lookup_path(rt.as_object(value), rt.as_object)
    except Exception:  # noqa: BLE001 - a value with no behaviour understands nothing
        return set()
    names: set[str] = set()
    for obj in path:
        for name, slot in obj._map.slots.items():
            if is_primitive(name):
                continue
            names.add(name)
            if slot.kind == ASSIGNABLE:
                names.add(name + ":")
    return names


def _user_path(rt: Runtime, receiver: object) -> list[SelfObject]:
    """The receiver's lookup path up to the lobby and the root traits (globals are no slots
    of the receiver's)."""
    stop = {id(rt.lobby), id(rt.state["traits"]["root"])}
    path = []
    for obj in lookup_path(rt.as_object(receiver), rt.as_object):
        if id(obj) not in stop:
            path.append(obj)
    return path


def _data_slots(path: list[SelfObject]) -> list[str]:
    names: list[str] = []
    for obj in path:
        for name, slot in obj._map.slots.items():
            if slot.kind != METHOD and not slot.parent and name not in names:
                names.append(name)
    return names


def _splits(selector: str) -> list[tuple[str, str]]:
    """`customerName` → [('customer', 'name')]; every camel-case split point."""
    words = re.findall(r"[A-Z]?[a-z0-9_]+|[A-Z]+(?![a-z])", selector)
    if "".join(words) != selector:
        return []
    return [("".join(words[:i]), _lower_first("".join(words[i:])))
            for i in range(1, len(words))]


def _strip(selector: str, prefix: str) -> str:
    if selector.startswith(prefix) and selector[len(prefix):len(prefix) + 1].isupper():
        return _lower_first(selector[len(prefix):])
    return selector


def _same_name(a: str, b: str) -> bool:
    return a.replace("_", "").lower() == b.replace("_", "").lower()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter inserted, deleted, replaced, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
