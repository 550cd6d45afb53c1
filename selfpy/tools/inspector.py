"""A Pharo-style inspector: an object's slots with their kinds and values, numbered,
so the user can drill down into one and back up again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..objects.prototypes import Dictionary, Method, SelfObject, Vector
from ..objects.slot import ASSIGNABLE, METHOD

if TYPE_CHECKING:
    from ..vm.runtime import Runtime


class Inspector:
    """Walks an object graph: `lines()` shows the current object, `dive(n)` and `back()` move."""

    def __init__(self, rt: Runtime, value: object) -> None:
        self.rt = rt
        self.path: list[tuple[str, object]] = [("", value)]

    @property
    def current(self) -> object:
        return self.path[-1][1]

    def entries(self) -> list[tuple[str, str, object]]:
        """(label, kind, value) for each numbered row."""
        obj = self.current
        rows: list[tuple[str, str, object]] = []
        if isinstance(obj, SelfObject):
            for name, slot in obj._map.slots.items():
                kind = "method" if slot.kind == METHOD else (
                    ("parent " if slot.parent else "") +
                    ("assignable" if slot.kind == ASSIGNABLE else "constant"))
                label = name + ("*" if slot.parent else "")
                rows.append((label, kind, obj.slot_value(slot)))
        if isinstance(obj, Vector):
            rows.extend((f"[{i}]", "element", v) for i, v in enumerate(obj.items, 1))
        elif isinstance(obj, Dictionary):
            rows.extend((self.rt.describe(k), "key", k) for k in obj.items
                        if type(obj) is not Dictionary)
            if type(obj) is Dictionary:
                rows.extend((f"[{self.rt.describe(k)}]", "value", v) for k, v in obj.items.items())
        return rows

    def lines(self) -> list[str]:
        obj = self.current
        where = " > ".join(label for label, _ in self.path[1:])
        title = self.rt.describe(obj)
        lines = [f"{title}" + (f"    (at {where})" if where else "")]
        if isinstance(obj, Method):
            lines.append(obj.source)
            return lines
        rows = self.entries()
        if not rows:
            lines.append("  (no slots)")
        width = max((len(label) for label, _, _ in rows), default=0)
        for number, (label, kind, value) in enumerate(rows, 1):
            shown = value.source if isinstance(value, Method) else self.rt.describe(value)
            lines.append(f"  {number:>2}. {label:<{width}}  {kind:<18} {shown}")
        parents = self.rt.as_object(obj).parent_objects() if not isinstance(obj, Method) else []
        if parents:
            lines.append("  parents: " + ", ".join(self.rt.describe(p) for p in parents))
        return lines

    def dive(self, number: int) -> bool:
        rows = self.entries()
        if not 1 <= number <= len(rows):
            return False
        label, _, value = rows[number - 1]
        self.path.append((label, value))
        return True

    def back(self) -> bool:
        if len(self.path) == 1:
            return False
        self.path.pop()
        return True
