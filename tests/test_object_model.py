"""Objects are persistent from day one; what reaches the storage is data and source, never code."""

from __future__ import annotations

import pickletools
from pathlib import Path

import pytest
from persistent import Persistent
from ZODB.FileStorage import FileStorage

import selfpy
from selfpy.objects.prototypes import Method

ALLOWED_GLOBALS = {
    ("selfpy.objects.prototypes", name) for name in
    ("SelfObject", "Map", "Method", "Vector", "List", "Dictionary", "Set")
} | {("selfpy.objects.slot", "Slot"), ("selfpy.objects.history", "Change"),
     ("persistent.mapping", "PersistentMapping"), ("BTrees.IOBTree", "IOBTree"),
     ("BTrees.IOBTree", "IOBucket"), ("builtins", "set"), ("builtins", "frozenset")}

DEFINITIONS = """
lobby addSlots: (|
    account = (|
        parent* = traits clonable.
        balance <- 0.
        history <- nil.
        deposit: amount = ( balance: balance + amount. history add: amount. self ).
        report = ( 'balance: ' , balance printString ).
    |).
|).
account history: list copy.
(account deposit: 5) deposit: 7.
lobby addSlots: (| numbers = {1. 2.5. 'three'. 4 factorial. nil. true} |).
lobby addSlots: (| index = (dictionary copy at: 'a' put: 1; yourself) |).
"""


def globals_in(pickle_bytes: bytes) -> set[tuple[str, str]]:
    found = set()
    strings: list[str] = []
    for opcode, arg, _ in pickletools.genops(pickle_bytes):
        if opcode.name == "GLOBAL":
            module, name = arg.split(" ", 1)
            found.add((module, name))
        elif opcode.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
            strings.append(arg)
        elif opcode.name == "STACK_GLOBAL":
            found.add((strings[-2], strings[-1]))
    return found


def test_storage_holds_only_data_and_source(tmp_path: Path) -> None:
    path = tmp_path / "model.image"
    with selfpy.World(path) as world:
        world.eval(DEFINITIONS)
        assert world.eval("account report") == "balance: 12"
    storage = FileStorage(str(path), read_only=True)
    try:
        seen: set[tuple[str, str]] = set()
        for txn in storage.iterator():
            for record in txn:
                if record.data:
                    seen |= globals_in(record.data)
    finally:
        storage.close()
    assert seen, "nothing was stored"
    assert seen <= ALLOWED_GLOBALS, f"unexpected globals stored: {seen - ALLOWED_GLOBALS}"


def test_every_object_is_persistent_and_methods_compile_lazily(tmp_path: Path) -> None:
    path = tmp_path / "lazy.image"
    with selfpy.World(path) as world:
        world.eval(DEFINITIONS)
    with selfpy.World(path) as world:
        account = world.runtime.lobby._map.slots["account"].value
        assert isinstance(account, Persistent)
        method = account._map.slots["deposit:"].value
        assert isinstance(method, Method)
        assert "deposit: amount" not in method.source  # the source of the body only
        assert "balance: balance + amount" in method.source
        assert getattr(method, "_v_function", None) is None  # not compiled until first use
        assert world.eval("(account deposit: 1) report") == "balance: 13"
        compiled = method._v_function
        assert callable(compiled) and compiled.__code__.co_filename.startswith("<selfpy ")
        assert world.eval("account history size") == 3


def test_reopened_image_runs_user_methods_without_the_script(tmp_path: Path) -> None:
    path = tmp_path / "reopen.image"
    with selfpy.World(path) as world:
        world.eval(DEFINITIONS)
    with selfpy.World(path) as world:
        assert world.eval("account report") == "balance: 12"
        assert world.eval("(numbers at: 4)") == 24
        assert world.eval("index at: 'a'") == 1
        assert world.eval("(3 > 2) ifTrue: ['kernel'] ifFalse: ['broken']") == "kernel"


def test_storing_a_block_is_refused_and_rolled_back() -> None:
    with selfpy.World() as world:
        with pytest.raises(selfpy.SelfpyError) as info:
            world.eval("lobby addSlots: (| keep = [3] |)")
        assert "a block cannot be stored in the image" in info.value.message
        assert world.eval("lobby includesSlot: 'keep'") is False


def test_failed_statement_is_rolled_back_but_earlier_ones_stay() -> None:
    with selfpy.World() as world:
        with pytest.raises(selfpy.SelfpyError):
            world.eval("lobby addSlots: (| first = 1 |). lobby addSlots: (| second = 2 |). 1 / 0")
        assert world.eval("first + second") == 3
        with pytest.raises(selfpy.SelfpyError):
            world.eval("lobby addSlots: (| third = 3 |) . third zork")
        assert world.eval("lobby includesSlot: 'third'") is True
        with pytest.raises(selfpy.SelfpyError):
            world.eval("(lobby addSlots: (| fourth = 4 |)) zork")
        assert world.eval("lobby includesSlot: 'fourth'") is False


def test_no_python_bool_or_none_leaks() -> None:
    with selfpy.World() as world:
        rt = world.runtime
        for source in ("3 < 4", "'a' = 'a'", "{1} isEmpty", "nil isNil", "3 respondsTo: #foo",
                       "dictionary copy includesKey: 1", "{} includes: 3", "3 even",
                       "3 = 'x'", "1.5 > 2", "'abc' includesSubstring: 'b'"):
            value = world.execute(source)
            assert value is rt.true or value is rt.false, source
        assert world.execute("(vector copySize: 1) at: 1") is rt.nil
        assert world.execute("{} detect: [:x | true] ifNone: [nil]") is rt.nil
