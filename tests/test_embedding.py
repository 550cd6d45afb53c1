"""Using selfpy from Python: World, eval, proxies, primitives, transactions, threads, ZEO."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import ZEO

import selfpy

POINT = """
lobby addSlots: (|
    pointTraits = (|
        parent* = traits clonable.
        + other = ( (clone x: x + other x) y: y + other y ).
        printString = ( x printString , '@' , y printString ).
        at: i put: v = ( i = 1 ifTrue: [x: v] ifFalse: [y: v]. v ).
    |).
|).
lobby addSlots: (| point = (| parent* = pointTraits. x <- 0. y <- 0 |) |).
"""


@pytest.fixture
def world():
    with selfpy.World() as world:
        world.eval(POINT)
        yield world


def test_eval_answers_python_values(world: selfpy.World) -> None:
    assert world.eval("3 + 4") == 7
    assert world.eval("7 / 2") == 3.5
    assert world.eval("'a' , 'b'") == "ab"
    assert world.eval("3 > 2") is True
    assert world.eval("3 < 2") is False
    assert world.eval("nil") is None
    assert world.eval("2 raisedTo: 100") == 2**100
    assert isinstance(world.eval("point"), selfpy.Proxy)


def test_proxies_send_messages(world: selfpy.World) -> None:
    p = world.eval("point clone")
    assert p.x == 0  # `x`, found in the object itself
    p.x = 3  # sends `x:`
    p.y = 4
    assert (p.x, p.y) == (3, 4)
    assert repr(p) == "3@4"
    q = p.send("+", p)  # binary sends go through send()
    assert repr(q) == "6@8"
    assert p.at_put_(2, 10) == 10  # keyword sends: at_put_ is at:put:
    assert p.y == 10
    assert p.send("at:put:", 1, 7) == 7
    assert p.x == 7
    assert p.clone().x == 7  # parents are searched too (clone is in traits clonable)


def test_missing_names_go_through_does_not_understand(world: selfpy.World) -> None:
    p = world.eval("point clone")
    with pytest.raises(selfpy.NotUnderstoodError) as info:
        _ = p.zork
    assert info.value.message == "0@0 does not understand #zork"
    assert not hasattr(p, "zork")
    assert getattr(p, "zork", "default") == "default"
    world.eval("lobby addSlots: (| polite = (| parent* = traits clonable. "
               "doesNotUnderstand: m = ( 'no ' , m selector ) |) |)")
    assert world.eval("polite").whatever == "no whatever"


def test_dir_lists_slot_names(world: selfpy.World) -> None:
    names = dir(world.eval("point"))
    assert {"x", "y", "x_", "y_", "parent"} <= set(names)


def test_identity_and_hashing(world: selfpy.World) -> None:
    a = world.eval("point")
    b = world.lobby.point
    c = world.eval("point clone")
    assert a == b and hash(a) == hash(b)
    assert a != c
    assert len({a, b, c}) == 2


def test_python_collections_become_selfpy_collections(world: selfpy.World) -> None:
    world.eval("lobby addSlots: (| total: c = ( c inject: 0 into: [:a :b | a + b] ). "
               "kind: c = ( c kindName ) |)")
    lobby = world.lobby
    assert lobby.total_([1, 2, 3]) == 6
    assert lobby.kind_([1, 2]) == "list"
    assert lobby.kind_((1, 2)) == "vector"
    assert lobby.kind_({"a": 1}) == "dictionary"
    assert lobby.kind_({1, 2}) == "set"
    assert lobby.total_({"a": 1, "b": 2}) == 3
    assert world.eval("{1. 'two'. nil. true}").to_python() == [1, "two", None, True]
    assert world.eval("dictionary copy at: 'k' put: {1}; yourself").to_python() == {"k": [1]}
    with pytest.raises(selfpy.SelfpyError, match="cannot be passed to selfpy"):
        lobby.total_(object())


def test_blocks_are_callable(world: selfpy.World) -> None:
    square = world.eval("[:x | x * x]")
    assert square(7) == 49
    assert world.eval("[42]")() == 42


def test_run_file_and_lobby(world: selfpy.World, tmp_path: Path) -> None:
    script = tmp_path / "defs.self"
    script.write_text("lobby addSlots: (| answer = 42 |).\nanswer + 1")
    assert world.run_file(script) == 43
    assert world.lobby.answer == 42


def test_python_primitives(world: selfpy.World) -> None:
    calls = []

    def shout(text: str, times: int) -> str:
        calls.append(text)
        return (text.upper() + "!") * times

    world.define_primitive("_Shout:Times:", shout)
    assert world.eval("_Shout: 'hi' Times: 2") == "HI!HI!"
    world.eval("lobby addSlots: (| greet: n = ( _Shout: 'hello ' , n Times: 1 ) |)")
    assert world.lobby.greet_("ada") == "HELLO ADA!"

    @world.primitive("_Sum:")
    def total(items: list) -> int:
        return sum(items.to_python())

    assert world.eval("_Sum: {1. 2. 3}") == 6
    assert calls == ["hi", "hello ada"]


def test_python_exception_becomes_a_selfpy_error(world: selfpy.World) -> None:
    def fail(x: object) -> None:
        raise ValueError(f"bad value {x}")

    world.define_primitive("_Fail:", fail)
    assert world.eval("[_Fail: 3] on: error do: [:e | e messageText]") == \
        "_Fail: failed: ValueError: bad value 3"
    with pytest.raises(selfpy.SelfpyError, match="bad value 4"):
        world.eval("_Fail: 4")


def test_primitive_arity_is_checked(world: selfpy.World) -> None:
    with pytest.raises(selfpy.SelfpyError, match="sends 2 argument"):
        world.define_primitive("_Two:Args:", lambda one: one)
    with pytest.raises(selfpy.SelfpyError, match="start with '_'"):
        world.define_primitive("Name:", lambda one: one)


def test_primitives_are_names_in_the_image_not_code(tmp_path: Path) -> None:
    image = tmp_path / "prims.image"
    with selfpy.World(image) as world:
        world.define_primitive("_Double:", lambda x: x * 2)
        world.eval("lobby addSlots: (| double: x = ( _Double: x ) |)")
        assert world.eval("double: 21") == 42
    with selfpy.World(image) as world:
        with pytest.raises(selfpy.SelfpyError) as info:
            world.eval("double: 21")
        assert "primitive _Double: is not defined" in info.value.message
        assert "world.define_primitive('_Double:', ...)" in info.value.message
        assert "test_embedding" in info.value.message  # where it came from
        world.define_primitive("_Double:", lambda x: x + x)
        assert world.eval("double: 21") == 42


def test_each_eval_is_a_transaction(world: selfpy.World) -> None:
    point = world.lobby.point  # a send: one transaction
    before = world.committed
    world.eval("lobby addSlots: (| a = 1 |)")
    point.x = 5
    assert world.committed == before + 2
    with pytest.raises(selfpy.SelfpyError):
        world.eval("lobby addSlots: (| b = 2 |). lobby zork")
    assert world.eval("lobby includesSlot: 'b'") is True  # the first statement committed
    assert world.lobby.point.x == 5


def test_grouped_calls_commit_or_abort_together(world: selfpy.World) -> None:
    with world.transaction():
        world.eval("lobby addSlots: (| g1 = 1 |)")
        world.lobby.point.x = 99
    assert world.eval("g1") == 1
    assert world.lobby.point.x == 99
    with pytest.raises(RuntimeError), world.transaction():
        world.eval("lobby addSlots: (| g2 = 2 |)")
        world.lobby.point.x = -1
        raise RuntimeError("the caller gives up")
    assert world.eval("lobby includesSlot: 'g2'") is False
    assert world.lobby.point.x == 99


def test_nested_groups_are_savepoints(world: selfpy.World) -> None:
    with world.transaction():
        world.eval("lobby addSlots: (| outer = 1 |)")
        with pytest.raises(selfpy.SelfpyError), world.transaction():
            world.eval("lobby addSlots: (| inner = 2 |)")
            world.eval("3 zork")
        assert world.eval("lobby includesSlot: 'inner'") is False
        world.eval("lobby addSlots: (| after = 3 |)")
    assert world.eval("outer + after") == 4


def test_failed_eval_inside_a_group_rolls_back_only_itself(world: selfpy.World) -> None:
    with world.transaction():
        world.eval("lobby addSlots: (| kept = 1 |)")
        with pytest.raises(selfpy.SelfpyError):
            world.eval("lobby addSlots: (| dropped = 2 |). 1 / 0")
    assert world.eval("lobby includesSlot: 'kept'") is True
    assert world.eval("lobby includesSlot: 'dropped'") is False


def test_errors_carry_message_position_and_backtrace(world: selfpy.World) -> None:
    world.eval("lobby addSlots: (|\n  inner = ( 1 / 0 ).\n  outer = ( inner )\n|)", "lib.self")
    with pytest.raises(selfpy.SelfpyError) as info:
        world.eval("outer", "main.self")
    error = info.value
    assert error.message == "division by zero"
    assert (error.filename, error.line, error.column) == ("lib.self", 2, 15)
    assert [frame[0] for frame in error.backtrace] == ["doIt", "lobby outer", "lobby inner"]
    with pytest.raises(selfpy.ParseError) as parse:
        world.eval("3 +", "bad.self")
    assert (parse.value.filename, parse.value.line, parse.value.column) == ("bad.self", 1, 4)
    with pytest.raises(selfpy.NotUnderstoodError):
        world.eval("3 zork")


def test_threads_share_a_world_with_a_connection_each(world: selfpy.World) -> None:
    errors: list[BaseException] = []
    connections = set()

    def work(i: int) -> None:
        try:
            world.eval(f"lobby addSlots: (| t{i} = {i} * 10 |)")
            connections.add(id(world.runtime.connection))
            for _ in range(20):
                assert world.eval(f"t{i} + 1") == i * 10 + 1
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(connections) == 4
    assert world.eval("t0 + t1 + t2 + t3") == 60  # every thread's commit is visible here


def test_proxies_cross_threads_once_committed(world: selfpy.World) -> None:
    committed = world.eval("point")
    made = threading.Event()
    used = threading.Event()
    results = {}

    def other() -> None:
        results["x"] = committed.x  # an object committed by another thread
        with world.transaction():
            results["fresh"] = world.eval("point clone x: 5; yourself")
            made.set()
            used.wait(60)

    thread = threading.Thread(target=other)
    thread.start()
    assert made.wait(60), "the other thread did not make its object"
    with pytest.raises(selfpy.SelfpyError, match="made in another thread"):
        _ = results["fresh"].x  # its group has not committed yet
    used.set()
    thread.join()
    assert results["x"] == 0
    assert results["fresh"].x == 5  # committed now


def test_objects_handed_out_are_transactional(world: selfpy.World) -> None:
    fresh = world.eval("point clone")
    fresh.x = 1
    with pytest.raises(RuntimeError), world.transaction():
        fresh.x = 2
        raise RuntimeError
    assert fresh.x == 1


def test_zeo_url(tmp_path: Path) -> None:
    address, stop = ZEO.server(str(tmp_path / "served.image"))
    try:
        url = f"zeo://{address[0]}:{address[1]}"
        with selfpy.World(url) as first, selfpy.World(url) as second:
            first.eval("lobby addSlots: (| shared = 'from the first client' |)")
            assert second.eval("shared") == "from the first client"
            second.eval("lobby addSlots: (| reply = 'from the second' |)")
            assert first.eval("reply") == "from the second"
    finally:
        stop()


def test_conflict_inside_a_group_is_reported_not_retried(world: selfpy.World) -> None:
    changed = threading.Event()

    def other() -> None:
        world.eval("lobby addSlots: (| racer = 'other thread' |)")
        changed.set()

    with pytest.raises(selfpy.ConflictingChangeError) as info, world.transaction():
        world.eval("lobby addSlots: (| racer = 'this thread' |)")
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert changed.is_set()
    assert "changed the same objects" in info.value.message
    assert world.eval("racer") == "other thread"
