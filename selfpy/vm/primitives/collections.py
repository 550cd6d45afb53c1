"""Collection primitives: vector and list (1-based), dictionary and set."""

from __future__ import annotations

from collections.abc import Callable
from functools import cmp_to_key
from typing import TYPE_CHECKING

from ...objects.prototypes import Block, Dictionary, List, Set, Vector
from ..limits import MAX_ELEMENTS, check_elements
from .indexing import python_index

if TYPE_CHECKING:
    from ...objects.interpreter import Interpreter

_PLAIN = (int, float, str)


def install(rt: Interpreter) -> dict[str, Callable]:
    def indexed(obj: object, selector: str) -> list:
        if not isinstance(obj, Vector):
            rt.signal("error", f"{selector} needs a vector or list, not {rt.describe(obj)}")
        return obj.items  # type: ignore[union-attr]

    def index(items: list, i: object, selector: str) -> int:
        return python_index(rt, i, len(items), selector, "a collection")

    def copy_size(proto: object, size: object, fill: object = None) -> object:
        if type(size) is not int or size < 0:
            rt.signal("error", f"copySize: expects a non-negative integer, not {rt.describe(size)}")
        check_elements(rt.signal, size, "copySize:")
        try:
            items = [rt.nil if fill is None else fill] * size
        except MemoryError:
            rt.signal("error", f"not enough memory for {size} elements")
        return proto.clone(items) if isinstance(proto, Vector) else rt.make_vector(items)

    def at(obj: object, i: object) -> object:
        items = indexed(obj, "at:")
        if type(i) is int and 0 < i <= len(items):
            return items[i - 1]
        return items[index(items, i, "at:")]

    def at_put(obj: object, i: object, value: object) -> object:
        items = indexed(obj, "at:put:")
        if not (type(i) is int and 0 < i <= len(items)):
            index(items, i, "at:put:")
        items[i - 1] = value  # type: ignore[operator]
        obj._p_changed = True  # type: ignore[union-attr]
        return value

    def size(obj: object) -> int:
        if isinstance(obj, (Vector, Dictionary)):
            return len(obj.items)
        rt.signal("error", f"{rt.describe(obj)} has no size")
        return 0

    def mutable_list(obj: object, selector: str) -> list:
        if not isinstance(obj, List):
            rt.signal("error", f"{selector} needs a list, not {rt.describe(obj)}")
        obj._p_changed = True  # type: ignore[union-attr]
        return obj.items  # type: ignore[union-attr]

    def add(obj: object, value: object) -> object:
        items = mutable_list(obj, "add:")
        if len(items) >= MAX_ELEMENTS:
            check_elements(rt.signal, len(items) + 1, "add:")
        items.append(value)
        return value

    def add_first(obj: object, value: object) -> object:
        items = mutable_list(obj, "addFirst:")
        check_elements(rt.signal, len(items) + 1, "addFirst:")
        items.insert(0, value)
        return value

    def remove_first(obj: object) -> object:
        items = mutable_list(obj, "removeFirst")
        if not items:
            rt.signal("error", "removeFirst from an empty list")
        return items.pop(0)

    def remove_last(obj: object) -> object:
        items = mutable_list(obj, "removeLast")
        if not items:
            rt.signal("error", "removeLast from an empty list")
        return items.pop()

    def remove_index(obj: object, i: object) -> object:
        items = mutable_list(obj, "removeIndex:")
        return items.pop(index(items, i, "removeIndex:"))

    def same(a: object, b: object) -> bool:
        """Element equality: numbers and strings by value, other objects by their `=`."""
        if type(a) in _PLAIN and type(b) in _PLAIN:
            return a == b
        return a is b or rt.send(a, "=", b) is rt.true

    def includes(obj: object, value: object) -> object:
        if isinstance(obj, Dictionary):
            return rt.boolean(value in obj.items)
        return rt.boolean(any(same(value, item) for item in indexed(obj, "includes:")))

    def index_of(obj: object, value: object) -> int:
        for i, item in enumerate(indexed(obj, "indexOf:")):
            if same(value, item):
                return i + 1
        return 0

    def ordered(items: list, block: object) -> list:
        if block is None:
            if all(type(x) in (int, float) for x in items) or all(type(x) is str for x in items):
                return sorted(items)

            def compare(a: object, b: object) -> int:
                return before(rt.send(a, "<=", b), "<=")
        else:
            def compare(a: object, b: object) -> int:
                return before(rt.send(block, "value:value:", a, b), "the sort block")
        return sorted(items, key=cmp_to_key(compare))

    def before(answer: object, asked: str) -> int:
        """-1 when `answer` says the first element goes first; anything but a boolean is
        an error, as `ifTrue:` sent to it would be."""
        if answer is rt.true:
            return -1
        if answer is not rt.false:
            rt.signal("error", f"sort: {asked} answered {rt.describe(answer)}, "
                               "not true or false")
        return 1

    def sort(obj: object, block: object = None) -> object:
        items = indexed(obj, "sort")
        items[:] = ordered(items, block)
        obj._p_changed = True  # type: ignore[union-attr]
        return obj

    def as_kind(obj: object, proto: str) -> object:
        if isinstance(obj, Dictionary):
            items = list(obj.items.values()) if type(obj) is Dictionary else list(obj.items)
        elif isinstance(obj, Vector):
            items = list(obj.items)
        elif type(obj) is str:
            items = list(obj)
        else:
            rt.signal("error", f"{rt.describe(obj)} is not a collection")
        return rt.prototype(proto).clone(items if proto != "set" else dict.fromkeys(items, True))

    def copy_from_to(obj: object, start: object, stop: object) -> object:
        items = indexed(obj, "copyFrom:to:")
        if type(start) is not int or type(stop) is not int:
            rt.signal("error", "copyFrom:to: expects integer indexes")
        if stop < start:  # type: ignore[operator]
            return obj.clone([])  # type: ignore[union-attr]
        index(items, start, "copyFrom:to:")
        index(items, stop, "copyFrom:to:")
        return obj.clone(items[start - 1:stop])  # type: ignore[union-attr,operator]

    # dictionary and set
    def hashed(obj: object, selector: str) -> dict:
        if not isinstance(obj, Dictionary):
            rt.signal("error", f"{selector} needs a dictionary or set, not {rt.describe(obj)}")
        return obj.items  # type: ignore[union-attr]

    def dict_at_if_absent(obj: object, key: object, absent: object) -> object:
        items = hashed(obj, "at:ifAbsent:")
        if key in items:
            return items[key]
        return rt.send(absent, "value")

    def store(obj: object, key: object, value: object, selector: str) -> None:
        """`items[key] = value` in a dictionary or set, within the size limit."""
        items = hashed(obj, selector)
        if len(items) >= MAX_ELEMENTS and key not in items:
            check_elements(rt.signal, len(items) + 1, selector)
        items[key] = value
        obj._p_changed = True  # type: ignore[union-attr]

    def dict_at_put(obj: object, key: object, value: object) -> object:
        store(obj, key, value, "at:put:")
        return value

    def dict_remove_key(obj: object, key: object, absent: object) -> object:
        items = hashed(obj, "removeKey:")
        if key not in items:
            return rt.send(absent, "value")
        obj._p_changed = True  # type: ignore[union-attr]
        return items.pop(key)

    def set_add(obj: object, value: object) -> object:
        store(obj, value, True, "add:")
        return value

    def keys(obj: object) -> object:
        return rt.make_vector(list(hashed(obj, "keys")))

    def values(obj: object) -> object:
        return rt.make_vector(list(hashed(obj, "values").values()))

    def new_collection(proto: object) -> object:
        return proto.clone({} if isinstance(proto, Dictionary) else [])

    def is_block(obj: object) -> object:
        return rt.boolean(type(obj) is Block)

    def is_kind(obj: object, kind: str) -> object:
        cls = {"vector": Vector, "list": List, "dictionary": Dictionary, "set": Set}[kind]
        return rt.boolean(type(obj) is cls)

    return {
        "_VectorCopySize:": copy_size,
        "_VectorCopySize:FilledWith:": copy_size,
        "_At:": at,
        "_At:Put:": at_put,
        "_Size": size,
        "_ListAdd:": add,
        "_ListAddFirst:": add_first,
        "_ListRemoveFirst": remove_first,
        "_ListRemoveLast": remove_last,
        "_ListRemoveIndex:": remove_index,
        "_Includes:": includes,
        "_IndexOf:": index_of,
        "_Sort": sort,
        "_Sort:": sort,
        "_AsVector": lambda obj: as_kind(obj, "vector"),
        "_AsList": lambda obj: as_kind(obj, "list"),
        "_AsSet": lambda obj: as_kind(obj, "set"),
        "_CopyFrom:To:": copy_from_to,
        "_DictAt:IfAbsent:": dict_at_if_absent,
        "_DictAt:Put:": dict_at_put,
        "_DictRemoveKey:IfAbsent:": dict_remove_key,
        "_DictKeys": keys,
        "_DictValues": values,
        "_SetAdd:": set_add,
        "_NewEmpty": new_collection,
        "_IsBlock": is_block,
        "_IsVector": lambda obj: is_kind(obj, "vector"),
    }

