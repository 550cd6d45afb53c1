"""The finder: methods found by searching the image's own selectors against the examples.

Bottom-up enumeration in order of cost, as in program synthesis by example
(TRANSIT, Probe, EUSolver): start from the terminals (`self`, the arguments,
the receiver's slots, small constants and the examples' literals), then
build every send whose selector the values understand in the image right
now, cheapest first. Each expression is evaluated on the example inputs and
on a few probe inputs of the same kinds; of expressions that answer the same
everywhere only the cheapest is kept (observational equivalence). A body
whose answers match every example is a solution; the search finishes the
cost level of the first solution, so that a second solution of the same
cost that answers differently on a probe input is seen (the winner then
carries that rival, and `auto` installs neither).

A selector costs less the more the image's methods use it; the model's
samples, when the finder has to ask for them, make the selectors and the
constants they mention cheaper still. Blocks for collection messages get
small enumerated bodies over the block's parameter; examples that look at
the receiver after the send (`(c clone add: 5) total = 5`) make setter
bodies (`total: total + a`).

Every evaluation happens in one savepoint that is rolled back when the
search ends, with a time limit per evaluation and one for the
search; an evaluation that changes one of its inputs is undone at once and
its expression dropped.
"""

from __future__ import annotations

import math
import os
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import NonLocalReturn, ParseError, SelfpyError
from ..objects.lookup import lookup_path
from ..objects.prototypes import Block, Dictionary, List, Method, SelfObject, Vector
from ..objects.slot import ASSIGNABLE, METHOD
from ..syntax import nodes as n
from ..syntax.parser import parse_method
from ..syntax.selector import arity, is_binary, is_primitive, keywords
from ..vm import recursion
from ..vm.budget import BudgetExceeded, async_raise, shielded
from . import example_forms, snapshot
from .candidate import FINDER, Candidate, Request, Rival, argument_names
from .crucible import FORBIDDEN_SELECTORS

if TYPE_CHECKING:
    from ..vm.runtime import Runtime

SEARCH_SECONDS = 3.0  # the first search's time limit
# With the model among the sources the first search is shorter: the model's share and a
# second search with its hints come after it, within the same few seconds.
STEERED_SECONDS = 2.5
HINTED_SECONDS = 1.0  # a second search's, with the model's hints (they make it short)
PROBE_SECONDS = 0.1  # how long one evaluation may run
MOST_COST = 12
MOST_BLOCK_COST = 3  # of a block body
PROBES = 4
# Probe values: mixed signs and sizes, the strings of several shapes.
INTEGERS = (7, -4, 12, 1, 0, 2, -9, 5, 3, -1, 10, 6, 15, -2)
STRINGS = ("hello", "Ab c", "", "x", "level", "a,b", "Zed top", "abc", "Q")
# How much dearer than the winner a rival may be and still stop `auto` (0: only rivals as
# cheap as the winner, which is what the examples leave undecided; more refuses more).
RIVAL_SLACK = int(os.environ.get("SELFPY_FINDER_SLACK", "1"))
# Rivals are looked for by the number of programs tried, not by the clock, so the same
# examples get the same decision on a busy machine as on a quiet one (within the limit):
RIVAL_TRIES = 25_000  # the fewest programs tried looking for them (about 1 s here)
# and the most, as a multiple of the programs tried so far: the next cost level holds about
# three times as many as all the levels before it
RIVAL_FACTOR = 4.0
# Once the first search has a winner the model is not asked and no second search runs, so
# the search for the winner's rivals may use the time they would have had.
RIVAL_EXTRA_SECONDS = 2.0
# How much likelier (`likelihood`, in bits) than a rival of the same cost that differs only
# in a boundary the winner must be for the image's usage to decide instead of the user
LIKELIER = float(os.environ.get("SELFPY_FINDER_LIKELIER", "1.0"))
TRIAL_MARGIN = 0.5  # of the synthesis's time left, kept for the trials after a search
# Selectors that write, raise or reflect: never part of a found body.
EFFECTS = frozenset({
    "print", "printLine", "display", "displayLine", "error:", "subclassResponsibility",
    "doesNotUnderstand:", "halt", "signal", "signal:", "value", "hash", "identityHash",
    "clone", "copy", "->", "printString:", "copyEmpty", "expects:examples:",
    "==", "~~", "includesSlot:", "isBlock", "isBoolean", "isCollection", "isString",
    "isNumber", "isInteger", "isFloat", "yourself", "kindName", "like:", "reflect:",
    "respondsTo:", "mirror", "parents", "removeFirst", "removeLast", "removeAll",
    # answering nil or the receiver is no computation a method body needs
    "ifNil:", "ifNotNil:", "ifNil:ifNotNil:", "ifNotNil:ifNil:", "isNil", "notNil",
    "isEmptyOrNil",
})
# Reflection (mirrors, slots, method sources) is no part of an everyday method.
_REFLECTIVE = re.compile(r"[sS]lot|[mM]ethod|[mM]irror|[rR]eflect|[pP]rovenance")
# Selectors whose work grows with the size of a number: only small numbers go in.
GROWING = frozenset({"raisedTo:", "factorial", "lcm:", "gcd:", "isPrime", "repeat:",
                     "copySize:", "copySize:filledWith:", "new:", "timesRepeat:",
                     "to:collect:", "to:do:", "printString:", "sqrt"})
# Comparisons whose argument should be of the receiver's kind.
COMPARISONS = frozenset({"=", "~="})
ORDER = frozenset({"<", "<=", ">", ">="})
# Printing a collection runs a lot of selfpy code and never is what a method wants.
PRINTING = frozenset({"printString", "displayString", "elementsString"})
# Reading a number back from text: never from text a body printed itself.
PARSING = frozenset({"asNumber", "asInteger", "asFloat"})
# Boolean operators whose argument must be a boolean for the body to make sense.
BOOLEAN_OPERATORS = frozenset({"|", "&", "and:", "or:", "xor:", "eqv:"})
_DEBUG = bool(os.environ.get("SELFPY_FINDER_DEBUG"))
Progress = Callable[..., None]  # (programs tried, seconds so far, finished=False)


class Deadline:
    """When a search must stop (a stand-in for the one deadline of a whole synthesis)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.end


class _Error:
    """What an evaluation that failed answers on a probe input."""

    def __repr__(self) -> str:
        return "an error"


ERROR = _Error()


class _Stop(Exception):
    """The search ran out of time."""


class _ProbeTimeUp(BudgetExceeded):
    """Raised asynchronously into an evaluation that ran too long (no arguments)."""

    def __init__(self) -> None:
        super().__init__("an evaluation ran too long")


class _Probe:
    """Runs one evaluation at a time under a time limit, for a whole search.

    A watchdog thread (one per search) raises `_ProbeTimeUp` into an
    evaluation that runs longer than `seconds`, or past the search's deadline.
    No profile hook: counting steps would make every evaluation ten times
    slower, and the time limit stops endless loops and runaway recursion.
    """

    def __init__(self, seconds: float, deadline: Deadline) -> None:
        self.seconds = seconds
        self.deadline = deadline
        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.generation = 0
        self.fired = -1
        self.running = False
        self.started = 0.0
        self.active = False
        self.watchdog: threading.Thread | None = None

    def __enter__(self) -> _Probe:
        self.active = True
        self.watchdog = recursion.start_thread(self._watch, "selfpy finder watchdog")
        return self

    def __exit__(self, *exc: object) -> None:
        self.active = False

    def _watch(self) -> None:
        while self.active:
            time.sleep(0.005)
            with self.lock:
                if not self.running or self.fired == self.generation:
                    continue
                now = time.monotonic()
                if now - self.started > self.seconds:
                    self.fired = self.generation
                    async_raise(self.thread_id, _ProbeTimeUp)

    def run(self, function: Callable, *arguments: object) -> object:
        # one writer: the watchdog looks only once `running` is set, after the rest
        self.started = time.monotonic()
        self.generation += 1
        self.running = True
        delivered = False
        try:
            return function(*arguments)
        except _ProbeTimeUp:
            delivered = True
            raise
        finally:
            with self.lock:
                self.running = False
                fired = self.fired == self.generation
            if fired and not delivered:
                # The time-up was sent as the evaluation finished and may still be on its
                # way: take delivery here, as `budget.limited` does.
                try:
                    for _ in range(200_000):
                        pass
                except _ProbeTimeUp:
                    pass


@dataclass
class Expr:
    """An enumerated expression: its tree, cost and answers on every input."""

    node: tuple
    cost: int
    values: list
    uses: frozenset  # 'self' and argument indexes it depends on
    prec: int  # 0 atom, 1 unary, 2 binary, 3 keyword
    kind: tuple = ()  # the kinds of its answers on the examples

    def text(self, names: list[str]) -> str:
        return _text(self.node, names)


def _text(node: tuple, names: list[str]) -> str:
    tag = node[0]
    if tag == "self":
        return "self"
    if tag == "arg":
        return names[node[1]]
    if tag == "slot":
        return node[1]
    if tag == "const":
        return node[1]
    if tag == "param":
        return "xy"[node[1]]
    if tag == "block":
        params = " ".join(f":{p}" for p in node[1])
        return f"[{params} | {_text(node[2], names)}]"
    if tag == "setter":
        return f"{node[1]}: {_wrap(node[2], 3, names)}"
    if tag == "if":
        return (f"{_wrap(node[1], 3, names)} ifTrue: [{_text(node[2], names)}] "
                f"ifFalse: [{_text(node[3], names)}]")
    selector, receiver, arguments = node[1], node[2], node[3]
    if not arguments:
        return f"{_wrap(receiver, 1, names)} {selector}"
    if is_binary(selector):
        return f"{_wrap(receiver, 2, names)} {selector} {_wrap(arguments[0], 1, names)}"
    return _wrap(receiver, 2, names) + "".join(
        f" {part} {_wrap(argument, 2, names)}"
        for part, argument in zip(keywords(selector), arguments, strict=True))


def _precedence(node: tuple) -> int:
    if node[0] != "send":
        return 3 if node[0] in ("setter", "if") else 0
    if not node[3]:
        return 1
    return 2 if is_binary(node[1]) else 3


def _wrap(node: tuple, most: int, names: list[str]) -> str:
    text = _text(node, names)
    if _precedence(node) > most or (node[0] == "const" and text.startswith("-")
                                    and most < 3):
        return f"({text})"
    return text


@dataclass
class Solution:
    """A found body and what the search knows about it."""

    body: str
    cost: int
    rival: Rival | None = None


@dataclass
class Outcome:
    """What one search found, and how hard it looked."""

    solutions: list[Solution]
    tried: int
    seconds: float
    stopped: str = ""  # 'time' when the time limit ended it
    understood: frozenset = frozenset()  # the selectors the inputs' values understood
    fitting: list[str] = field(default_factory=list)  # every body found that fits, cheapest first
    finished: int = 0  # the dearest cost level enumerated to the end


def candidates(rt: Runtime, request: Request, limits: object, known: list,
               hints: Callable[[], list[str]] | None = None,
               progress: Progress | None = None,
               left: Callable[[], float] | None = None,
               reach: Reach | None = None) -> Iterator[Candidate]:
    """Candidate source: the finder's solutions for `request`, best first.

    `limits` are the synthesis settings (the signature every source has);
    `known` is the image's methods (for selector costs); `hints` answers the
    model's sample texts when the first search found nothing; `left` answers
    the seconds the synthesis has left (a search stops then, with what it found);
    `reach` is told how far the search went.
    """
    forms = example_forms.forms(request.examples, request.selector)
    if not forms:
        return
    usage = selector_usage(known)

    bound = {"by deadline": False}

    def limit(seconds: float) -> Deadline:
        if left is None:
            return Deadline(seconds)
        allowed = left() - TRIAL_MARGIN
        bound["by deadline"] = allowed < seconds
        return Deadline(max(0.0, min(seconds, allowed)))
    first = SEARCH_SECONDS if hints is None else min(SEARCH_SECONDS, STEERED_SECONDS)
    rivals = limit(SEARCH_SECONDS + RIVAL_EXTRA_SECONDS)  # no model after a winner
    rivals_bound = bound["by deadline"]
    outcome = search(rt, request, forms, usage, limit(first), progress=progress, rivals=rivals)
    if outcome.solutions:  # the rivals' limit was the one in force
        bound["by deadline"] = rivals_bound
    if not outcome.solutions and hints is not None:
        texts = hints()
        if texts and steers(texts, usage, outcome.understood):
            outcome = search(rt, request, forms, usage, limit(HINTED_SECONDS), hints=texts,
                             progress=progress)
        if reach is not None:
            reach.hinted = Counter(w for text in texts for w in _WORDS.findall(text))
            reach.hint_literals = [v for text in texts for v in _literals_in(text)]
    if reach is not None:
        reach.finished, reach.usage = outcome.finished, usage
        reach.cut = outcome.stopped == "time" and bound["by deadline"]
    yield from _as_candidates(request, outcome)


def steers(texts: list[str], usage: Counter, understood: frozenset) -> bool:
    """Whether the model's samples change the search: they mention a literal, or a
    selector the values understand that is not already among the cheapest. Otherwise a
    second search would only repeat the first."""
    if any(_literals_in(text) for text in texts):
        return True
    hinted = {w for text in texts for w in _WORDS.findall(text)}
    for selector in understood:
        words = _words_of(selector)
        if all(w in hinted for w in words) and min(usage.get(w, 0) for w in words) < 4:
            return True
    return False


def _as_candidates(request: Request, outcome: Outcome) -> Iterator[Candidate]:
    arguments = argument_names(request.selector)
    for solution in outcome.solutions:
        candidate = Candidate(request.selector, f"( {solution.body} )", FINDER,
                              f"found by example (cost {solution.cost}, {outcome.tried} "
                              f"programs tried in {outcome.seconds:.2f} s)",
                              arguments=list(arguments))
        candidate.rival = solution.rival
        yield candidate


def selector_usage(known: list) -> Counter:
    """How often each selector word appears in the image's methods, and each number right
    after one (`'> 0'`, `'at: 1'`)."""
    counts: Counter = Counter()
    for found in known:
        method = getattr(found, "method", found)
        if isinstance(method, Method):
            counts.update(_WORDS.findall(method.source))
            counts.update(f"{word} {number}" for word, number in _PAIRS.findall(method.source))
            counts.update(keywords(method.selector) if method.selector.endswith(":")
                          else [method.selector])
    return counts


def selector_cost(selector: str, usage: Counter, hinted: Counter) -> int:
    """1 for a selector the image's methods use at least 4 times, else 2; one the model's
    samples mention costs 1."""
    words = _words_of(selector)
    cost = 1 if min(usage.get(w, 0) for w in words) >= 4 else 2
    if all(hinted.get(w, 0) for w in words):
        cost = max(1, cost - 2)
    return cost


def constant_cost(value: object, hint_literals: list) -> int:
    """0 and 1 (and what the model's samples mention) cost 1, the other small constants 2,
    any other literal 3: the examples' own literals fit them by chance all too easily."""
    if value in (0, 1) or value in hint_literals:
        return 1
    return 2 if value in (2, -1, "", "nil", "true", "false", "{}") else 3


@dataclass
class Reach:
    """How far the finder searched in one synthesis, for judging other sources' candidates:
    a body dearer than every program the finder tried may have a rival nobody saw."""

    finished: int = 0  # the dearest cost level enumerated to the end (0: no search)
    cut: bool = False  # the synthesis's deadline, not the finder's own limit, ended it
    usage: Counter = field(default_factory=Counter)
    hinted: Counter = field(default_factory=Counter)
    hint_literals: list = field(default_factory=list)

    def covers(self, body: str, selector: str, arguments: list[str]) -> bool:
        """Whether the finder tried every program as cheap as `body` (and found none)."""
        cost = body_cost(body, selector, arguments, self)
        return cost is not None and cost <= self.finished


def body_cost(body: str, selector: str, arguments: list[str], reach: Reach) -> int | None:
    """The cost the finder would give a method body (None when it does not parse)."""
    try:
        _, tree = parse_method(body, selector, arguments, "<candidate>")
    except ParseError:
        return None
    total = 0
    for node in tree.walk():  # every part counts, those inside cascades and literals too
        if isinstance(node, n.Send):
            total += selector_cost(node.selector, reach.usage, reach.hinted)
        elif isinstance(node, n.Variable):
            total += 2 if node.name in ("true", "false", "nil") else 1
        elif isinstance(node, n.Literal):
            total += constant_cost(node.value, reach.hint_literals)
        elif not isinstance(node, n.Body | n.Block | n.Paren | n.Return):
            total += 1
    return total


def _words_of(selector: str) -> list[str]:
    """The words `selector_usage` counts for a selector: its keywords (`at:`, `put:`), or
    the selector itself."""
    return keywords(selector) if selector.endswith(":") else [selector]


_WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*:?|[-+*/\\<>=~,@%&|?!]+")
# a binary selector or a keyword, then a number; each alternative starts only where its run
# of characters starts and never gives characters back, so a long run costs linear time
_PAIRS = re.compile(r"((?<![-+*/\\<>=~,@%&|?!])(?>[-+*/\\<>=~,@%&|?!]+)"
                    r"|(?<![A-Za-z0-9_])(?>[A-Za-z_][A-Za-z0-9_]*):)\s*(?>(-?\d+))(?!\.?\d)")


def boundary_apart(one: tuple, other: tuple) -> bool | None:
    """Whether two bodies (or tuples of them) differ only in where a comparison draws its
    line: constants and order comparisons (`self > 1` and `self > 0`, `self < 0` and
    `self <= 0`). False when they are the same, None when they differ in anything else."""
    if one[:1] == ("const",) and other[:1] == ("const",):
        return one != other
    if len(one) != len(other):
        return None
    apart = False
    for mine, theirs in zip(one, other, strict=True):
        if isinstance(mine, tuple) and isinstance(theirs, tuple):
            inner = boundary_apart(mine, theirs)
            if inner is None:
                return None
            apart = apart or inner
        elif mine != theirs:
            if not (one[0] == "send" and mine in ORDER and theirs in ORDER):
                return None
            apart = True
    return apart


def _sends(node: tuple) -> Iterator[tuple]:
    """Every send of a found body, those inside its blocks, branches and setter too."""
    stack = [node]
    while stack:
        node = stack.pop()
        tag = node[0]
        if tag == "send":
            yield node
            stack.append(node[2])
            stack.extend(node[3])
        elif tag in ("block", "setter"):
            stack.append(node[2])
        elif tag == "if":
            stack.extend(node[1:4])


def likelihood(node: tuple, usage: Counter) -> float:
    """How natural the image's own methods make a found body: over its sends, log2(1 +
    uses) of each selector word and of each number passed right after one. Of two bodies
    of the same cost, `self > 0` (the image compares with 0 often, never with 1) is
    likelier than `self > 1`, and `x < a x` than `x <= a x`."""
    total = 0.0
    for send in _sends(node):
        words = _words_of(send[1])
        total += sum(math.log2(1 + usage.get(word, 0)) for word in words)
        for word, argument in zip(words, send[3], strict=False):
            if argument[0] == "const":
                total += math.log2(1 + usage.get(f"{word} {argument[1]}", 0))
    return total


def _silent(text: str) -> None:
    """Where output of the bodies the finder tries goes: nowhere."""


def search(rt: Runtime, request: Request, forms: list, usage: Counter, deadline: Deadline,
           *, hints: list[str] | None = None,
           progress: Progress | None = None, rivals: Deadline | None = None) -> Outcome:
    """Enumerate bodies for `request` against `forms` until the first cost level with a
    solution is finished, or the deadline (once a winner is found, `rivals`: how long its
    rivals may be looked for). Leaves the image as it was."""
    manager = rt.connection.transaction_manager  # type: ignore[attr-defined]
    savepoint = manager.savepoint()
    started = time.monotonic()
    finder = _Search(rt, request, usage, deadline, hints or [], progress, rivals or deadline)
    saved_hook = sys.unraisablehook

    def unraisable(info: object) -> None:
        # a time-up that landed in a finalizer of the evaluation it was meant to stop
        if not isinstance(getattr(info, "exc_value", None), _ProbeTimeUp):
            saved_hook(info)  # type: ignore[arg-type]

    sys.unraisablehook = unraisable
    try:
        with rt.acting(write=_silent, synthesizing=True), \
                _Probe(PROBE_SECONDS, deadline) as probe:
            finder.probe = probe
            try:
                if finder.prepare(forms):
                    finder.enumerate()
            except _Stop:
                finder.stopped = "time"
            except BudgetExceeded:
                finder.stopped = "time"
    finally:
        sys.unraisablehook = saved_hook
        with shielded():
            savepoint.rollback()
            rt.changed()
        if progress is not None:
            progress(finder.tried, time.monotonic() - started, True)
    understood = frozenset(name for table in finder.understood.values() for name in table)
    fitting = [finder._body(s) for s in sorted(finder.solutions, key=lambda s: s.cost)]
    return Outcome(finder.results(), finder.tried, time.monotonic() - started, finder.stopped,
                   understood, fitting, finder.finished)


class _Search:
    def __init__(self, rt: Runtime, request: Request, usage: Counter, deadline: Deadline,
                 hints: list[str], progress: Progress | None, rivals: Deadline) -> None:
        self.rt = rt
        self.request = request
        self.selector = request.selector
        self.names = argument_names(request.selector)
        self.usage = usage
        self.deadline = deadline
        self.rivals = rivals
        self.progress = progress
        self.hinted = Counter(w for text in hints for w in _WORDS.findall(text))
        self.hint_literals = [v for text in hints for v in _literals_in(text)]
        self.probe: _Probe | None = None
        self.tried = 0
        self.stopped = ""
        self.last_report = time.monotonic()
        self.bank: dict[int, list[Expr]] = {}
        self.seen: dict[tuple, Expr] = {}
        self.blocks: dict[int, _Blocks] = {}  # by number of parameters
        self.solutions: list[Expr] = []
        self.failures: Counter = Counter()
        self.successes: set = set()
        self.understood: dict[object, dict[str, tuple[int, tuple[int, ...]]]] = {}
        self.costs: dict[str, int] = {}
        self.right_on: dict[tuple, tuple[int, list[Expr]]] = {}
        self.finished = 1  # the dearest cost level enumerated to the end
        self.rivals_until = 0  # how many programs are tried before the search for rivals ends
        self.answers: dict[tuple, object] = {}  # of sends to and with plain values

    # ---- inputs ------------------------------------------------------------------------
    def prepare(self, forms: list) -> bool:
        rt = self.rt
        self.envs: list[tuple[object, tuple]] = []
        self.expected: list[tuple[str, object, list[str]]] = []
        self.literals: list[object] = []
        self.labels: list[str] = []
        for form in forms:
            try:
                receiver = self._evaluate(form.receiver)
                arguments = tuple(self._evaluate(a) for a in form.arguments)
                expected = self._evaluate(form.expected) if form.expected is not None \
                    else (rt.true if form.truth else rt.false)
            except (SelfpyError, BudgetExceeded, NonLocalReturn):
                continue
            if len(arguments) != arity(self.selector):
                continue
            self.envs.append((receiver, arguments))
            self.expected.append(("value", expected, form.observe))
            # a literal that is itself an input is already `self` or an argument; as a
            # constant it only lets a body compare with its example (`self = 'level'`)
            inputs = [v for v in (receiver, *arguments) if type(v) in (int, float, str)]
            # the answer itself is no constant either (`self , 'hi!' last`), except a string
            # as a branch of a conditional: labels like 'even' are what the user typed
            if type(expected) is str and expected not in self.labels:
                self.labels.append(expected)
            answers = [expected] if type(expected) in (int, float, str) else []
            self.literals.extend(v for v in form.literals if v not in self.literals
                                 and v not in inputs and v not in answers)
            if type(expected) is str:
                self.literals.extend(r for r in self._residue(expected, receiver, arguments)
                                     if r not in self.literals)
        if not self.envs:
            return False
        self.literals.extend(g for g in self._factors() if g not in self.literals)
        self.examples = len(self.envs)
        self.setter = self._setter_slot()
        if self.setter:
            self.expected = [("value", value, []) for _, value, _ in self.expected]
        self.envs.extend(self._probes())
        self.size = len(self.envs)
        return True

    def _residue(self, answer: str, receiver: object, arguments: tuple) -> list[str]:
        """What a string answer holds besides its inputs' strings (any case): `'!'` of
        `'hi' shout = 'HI!'`, `' '` of `person fullName = 'Ada Lovelace'` when its slots
        hold 'Ada' and 'Lovelace'. Short pieces only: the glue a body adds."""
        strings = [v for v in (receiver, *arguments) if type(v) is str and v]
        if isinstance(receiver, SelfObject):
            for name in _readable_slots(self.rt, receiver):
                value = self._call(receiver, name, ())
                if type(value) is str and value:
                    strings.append(value)
        if not strings:
            return []
        pattern = "|".join(re.escape(v) for v in sorted(strings, key=len, reverse=True))
        pieces = [p for p in re.split(pattern, answer, flags=re.IGNORECASE) if p]
        if len("".join(pieces)) == len(answer):
            return []  # no input in it: the answer is no glue around them
        return [p for p in pieces if len(p) <= 3]

    def _factors(self) -> list[int]:
        """The numeric glue a body adds: a factor or an offset that turns the receiver into
        the answer in every example (10 of `3 tenTimes = 30` and `1 tenTimes = 10`). The
        answers themselves are no constants, so without this `self * 10` is out of reach."""
        pairs = [(receiver, expected) for (receiver, _), (_, expected, observe)
                 in zip(self.envs, self.expected, strict=True)
                 if type(receiver) is int and type(expected) is int and not observe]
        if len(pairs) < 2:
            return []
        ratios = {e // r if r and not e % r else None for r, e in pairs}
        offsets = {e - r for r, e in pairs}
        return [g for found in (ratios, offsets) if len(found) == 1 for g in found
                if g is not None and 1 < abs(g) <= 1000]

    def _evaluate(self, source: str) -> object:
        code = self.rt.compile_doit(source, "<example>")
        answer: object = self.rt.nil

        def run() -> object:
            value = self.rt.nil
            for value in code(self.rt.lobby):  # noqa: B007 - the last statement's value
                pass
            return value

        answer = self.probe.run(run) if self.probe else run()
        return answer

    def _setter_slot(self) -> str:
        """The slot every example reads off the receiver after the send, if it is one."""
        observed = {tuple(observe) for _, _, observe in self.expected}
        if len(observed) != 1:
            return ""
        (observe,) = observed
        if len(observe) != 1:
            return ""
        name = observe[0]
        for receiver, _ in self.envs:
            if not isinstance(receiver, SelfObject) or \
                    not _assignable(self.rt, receiver, name):
                return ""
        return name

    def _probes(self) -> list[tuple[object, tuple]]:
        """A few inputs of the examples' kinds, unlike any example, and unlike each other
        across positions: a probe whose receiver equals its argument cannot tell `self - a`
        from `a - self`, nor `(self - a) abs` from `self bitXor: a`."""
        positions = [[env[0] for env in self.envs]] + \
            [[env[1][i] for env in self.envs] for i in range(arity(self.selector))]
        seen = [v for values in positions for v in values if not isinstance(v, SelfObject)]
        made = [self._variants(values, shift, seen) for shift, values in enumerate(positions)]
        probes = []
        for k in range(PROBES):
            probes.append((made[0][k], tuple(m[k] for m in made[1:])))
        return probes

    def _variants(self, values: list, shift: int, seen: list) -> list:
        rt = self.rt
        first = values[0]
        pool: list
        if all(type(v) is int for v in values):
            pool = list(INTEGERS)
        elif all(type(v) is float for v in values):
            pool = [2.5, -1.5, 0.25, 4.0, 10.0, 3.5, -6.0, 1.5]
        elif all(type(v) is str for v in values):
            pool = list(STRINGS)
        elif all(type(v) in (Vector, List) for v in values):
            items = [i for v in values for i in v.items]
            if all(type(i) is int for i in items):
                entries = [[3, 1, 2], [], [5, -2, 5, 8], [4], [10, 20], [-1, -6], [2, 2, 7]]
            elif all(type(i) is str for i in items):
                entries = [["b", "a"], [], ["x", "yy", "x"], ["c"], ["dd", "e"], ["a", "a"]]
            else:
                entries = []
            proto = rt.prototype("list" if type(first) is List else "vector")
            given = [list(v.items) for v in values]
            pool = []
            for entry in entries:
                if entry in given:
                    continue
                clone = proto.clone()
                clone.items = list(entry)
                pool.append(clone)
        elif all(isinstance(v, SelfObject) and type(v) is SelfObject for v in values):
            pool = [self._perturbed(first, k + shift) for k in range(PROBES)]
        else:
            pool = []
        fresh = [p for p in pool if isinstance(p, SelfObject) or p not in seen]
        # each position starts further along the pool, so that positions differ
        turn = (3 * shift) % max(1, len(fresh))
        fresh = fresh[turn:] + fresh[:turn]
        while len(fresh) < PROBES:
            fresh.append(values[len(fresh) % len(values)])
        return fresh[:PROBES]

    def _perturbed(self, obj: SelfObject, k: int) -> SelfObject:
        """A clone of `obj` whose number and string slots hold other values (each slot its
        own)."""
        clone = obj.clone()
        for index, (name, slot) in enumerate(obj._map.slots.items()):
            if slot.kind != ASSIGNABLE or slot.parent:
                continue
            value = obj.slot_value(slot)
            if type(value) is int:
                setattr(clone, f"s_{name}", INTEGERS[(3 * k + index) % len(INTEGERS)])
            elif type(value) is str:
                setattr(clone, f"s_{name}", STRINGS[(3 * k + index) % len(STRINGS)])
        return clone

    # ---- costs and selectors ---------------------------------------------------------------
    def cost_of(self, selector: str) -> int:
        cost = self.costs.get(selector)
        if cost is None:
            cost = self.costs[selector] = selector_cost(selector, self.usage, self.hinted)
        return cost

    def selectors(self, value: object) -> dict[str, tuple[int, tuple[int, ...]]]:
        """What `value` understands: selector -> (arguments, block arity per argument, -1 for
        an ordinary argument)."""
        rt = self.rt
        key = type(value) if type(value) not in (SelfObject, Vector, List, Dictionary) \
            else value._map
        found = self.understood.get(key)
        if found is not None:
            return found
        found = {}
        try:
            path = lookup_path(rt.as_object(value), rt.as_object)
        except SelfpyError:
            path = []
        stop = {id(rt.lobby)}
        for obj in path:
            if id(obj) in stop:
                continue
            for name, slot in obj._map.slots.items():
                if name in found or slot.parent or is_primitive(name) or name in EFFECTS \
                        or name in FORBIDDEN_SELECTORS or arity(name) > 2 \
                        or _REFLECTIVE.search(name):
                    continue
                if slot.kind == METHOD:
                    method = slot.value
                    blocks = tuple(_block_arity(method, a) for a in method.arguments) \
                        if isinstance(method, Method) else (-1,) * arity(name)
                    if any(b == 0 for b in blocks):
                        continue
                    found[name] = (arity(name), blocks)
                else:
                    found[name] = (0, ())
        self.understood[key] = found
        return found

    # ---- enumeration --------------------------------------------------------------------------
    def enumerate(self) -> None:
        self._terminals()
        for cost in range(2, MOST_COST + 1):
            if self.solutions:
                winner = self.solutions[0]
                # dearer rivals count only against a winner sending a rarely used selector
                if cost > winner.cost + (RIVAL_SLACK if self._rare(winner.node) else 0):
                    return
                self._look_for_rivals()  # the next level costs more than the ones before
            self._level(cost)
            self.finished = cost
            if _DEBUG:
                print(f"level {cost}: bank {sum(len(b) for b in self.bank.values())} tried "
                      f"{self.tried} at {self.deadline.seconds - self.deadline.remaining():.2f}"
                      f" s, {len(self.solutions)} solutions", file=sys.stderr)

    def _terminals(self) -> None:
        rt = self.rt
        envs = self.envs
        self._add(("self",), 1, [e[0] for e in envs], frozenset({"self"}))
        for index in range(arity(self.selector)):
            self._add(("arg", index), 1, [e[1][index] for e in envs], frozenset({index}))
        receiver = envs[0][0]
        if isinstance(receiver, SelfObject):
            for name in _readable_slots(rt, receiver):
                values = []
                for env in envs:
                    values.append(self._call(env[0], name, ()))
                if any(v is ERROR for v in values[:self.examples]):
                    continue
                self._add(("slot", name), 1, values, frozenset({"self"}))
        constants: list[object] = [0, 1, 2, -1, "", "nil", "true", "false", "{}"]
        for literal in self.literals + self.hint_literals:
            if literal not in constants and not (type(literal) is int and abs(literal) > 1000):
                constants.append(literal)
        for constant in constants:
            if constant == "nil":
                value, text = rt.nil, "nil"
            elif constant == "true":
                value, text = rt.true, "true"
            elif constant == "false":
                value, text = rt.false, "false"
            elif constant == "{}":
                value, text = rt.make_vector([]), "{}"
            else:
                value, text = constant, example_forms.literal_source(constant)
            cost = constant_cost(constant, self.hint_literals)
            self._add(("const", text), cost, [value] * self.size, frozenset())
        for label in self.labels:
            if label not in constants:
                text = example_forms.literal_source(label)
                self._add(("const", text, "label"), 1, [label] * self.size, frozenset())

    def _level(self, cost: int) -> None:
        for receiver_cost in range(1, cost):
            for receiver in list(self.bank.get(receiver_cost, ())):
                for selector, (count, blocks) in self._common_selectors(receiver):
                    rest = cost - receiver_cost - self.cost_of(selector)
                    if count == 0:
                        if rest == 0:
                            self._try(selector, receiver, ())
                    elif count == 1:
                        if rest >= 1:
                            for argument in self._arguments(rest, blocks[0]):
                                self._try(selector, receiver, (argument,))
                    elif rest >= 2:
                        for first_cost in range(1, min(rest, 4)):
                            for first in self._arguments(first_cost, blocks[0]):
                                for second in self._arguments(rest - first_cost, blocks[1]):
                                    self._try(selector, receiver, (first, second))
        if self.setter:
            return
        self._conditionals(cost)

    def _common_selectors(self, receiver: Expr) -> list[tuple[str, tuple]]:
        common = None
        for value in receiver.values[:self.examples]:
            understood = self.selectors(value)
            common = dict(understood) if common is None else \
                {k: v for k, v in common.items() if k in understood}
        items = list((common or {}).items())
        if receiver.node[0] == "self":
            items = [item for item in items if item[0] != self.selector]
        return items

    def _arguments(self, cost: int, block: int) -> list[Expr]:
        if block < 0:
            return self.bank.get(cost, [])
        return self._block_bank(block).of_cost(cost)

    def _try(self, selector: str, receiver: Expr, arguments: tuple) -> None:
        if _label(receiver) or any(_label(a) for a in arguments):
            return
        if selector in BOOLEAN_OPERATORS and not all(
                v is self.rt.true or v is self.rt.false
                for a in arguments for v in a.values[:self.examples]):
            return
        if selector in PRINTING and type(receiver.values[0]) in _MUTABLE:
            return
        if selector in PARSING and _prints(receiver.node):
            return  # digits glued as text and read back: `(1 printString , self printString)
            # asNumber` is 13 for 3 and 10 for 0, and no method anyone means
        if selector in COMPARISONS and arguments[0].kind != receiver.kind:
            return
        kinds = (receiver.kind, selector, tuple(a.kind for a in arguments))
        if self.failures[kinds] >= 3 and kinds not in self.successes:
            return
        values = self._apply(selector, receiver, arguments)
        if values is None or all(v is r for v, r in zip(values, receiver.values, strict=True)):
            self.failures[kinds] += 1  # failed, or answered its receiver (`do:` and kin)
            return
        self.successes.add(kinds)
        uses = receiver.uses.union(*(a.uses for a in arguments))
        cost = receiver.cost + self.cost_of(selector) + sum(a.cost for a in arguments)
        node = ("send", selector, receiver.node, tuple(a.node for a in arguments))
        self._add(node, cost, values, uses)

    def _apply(self, selector: str, receiver: Expr, arguments: tuple) -> list | None:
        self.tried += 1
        if not self.tried & 63:
            self._tick()
        values = []
        for index in range(self.size):
            value = receiver.values[index]
            args = tuple(a.values[index] for a in arguments)
            if value is ERROR or ERROR in args:
                answer = ERROR
            else:
                answer = self._call(value, selector, args)
            if answer is ERROR and index < self.examples:
                return None
            values.append(answer)
        return values

    def _tick(self) -> None:
        now = time.monotonic()
        if self._out_of_time():
            raise _Stop
        if self.progress is not None and now - self.last_report > 0.1:
            self.last_report = now
            self.progress(self.tried, self.deadline.seconds - self.deadline.remaining())

    def _out_of_time(self) -> bool:
        if self.rivals_until:  # a winner: its rivals are looked for until then
            return self.tried > self.rivals_until or self.rivals.expired()
        return self.deadline.expired()

    def _call(self, receiver: object, selector: str, arguments: tuple) -> object:
        """`receiver selector arguments`, or ERROR; an answer that changed an input is undone.

        Numbers, strings, true, false and nil answer the same every time, so a send to and
        with them is made once per search (`3 + 4` comes up in many bodies)."""
        key = self._plain_key(receiver, selector, arguments)
        if key is not None:
            known = self.answers.get(key)
            if known is not None:
                return known
        answer = self._send(receiver, selector, arguments)
        if key is not None and (answer is ERROR or self._plain(answer) is not None):
            self.answers[key] = answer
        return answer

    def _plain(self, value: object) -> tuple | None:
        """A key for a value that no send can change, None for any other."""
        kind = type(value)
        if kind is int or kind is str or kind is float:
            return (kind, value)
        if value is self.rt.true or value is self.rt.false or value is self.rt.nil:
            return (None, id(value))
        return None

    def _plain_key(self, receiver: object, selector: str, arguments: tuple) -> tuple | None:
        key = [selector, self._plain(receiver)]
        for argument in arguments:
            key.append(self._plain(argument))
        return None if None in key else tuple(key)

    def _send(self, receiver: object, selector: str, arguments: tuple) -> object:
        if selector not in self.selectors(receiver):
            return ERROR
        if selector in GROWING and any(type(v) is int and not -1000 <= v <= 1000
                                       for v in (receiver, *arguments)):
            return ERROR
        before = [(v, _take(v)) for v in (receiver, *arguments) if type(v) in _MUTABLE]
        try:
            answer = self.probe.run(self.rt.send, receiver, selector, *arguments)
        except BudgetExceeded:
            if self._out_of_time():
                raise _Stop from None
            answer = ERROR
        except (SelfpyError, NonLocalReturn, RecursionError, ArithmeticError, TypeError,
                ValueError, AttributeError, LookupError, MemoryError):
            answer = ERROR
        for value, state in before:
            if _changed(value, state):
                _put_back(value, state)
                answer = ERROR
        if type(answer) is bool or answer is None or _huge(answer):
            return ERROR
        return answer

    def _add(self, node: tuple, cost: int, values: list, uses: frozenset) -> None:
        # what it depends on is part of the key: `x < y` must not stand in for `x < a x`,
        # which answers the same on these inputs but is a solution where it is not
        key = (*(_canonical(v) for v in values), uses)
        if key in self.seen:
            return
        kind = tuple(_kind(v) for v in values[:self.examples])
        expr = Expr(node, cost, values, uses, _precedence(node), kind)
        self.seen[key] = expr
        self.bank.setdefault(cost, []).append(expr)
        if self._fits(expr) and self._depends(expr) and self._varies(expr):
            self.solutions.append(expr)
            if not self.rivals_until:
                self._look_for_rivals()

    def _look_for_rivals(self) -> None:
        """Rivals of a winner (of the same cost, and dearer ones of a winner sending a
        rarely used selector) are looked for among up to RIVAL_FACTOR times as many more
        programs as the search tried so far, at least RIVAL_TRIES, within the `rivals`
        limit: a rival found then stops `auto`."""
        self.rivals_until = max(self.rivals_until, self.tried +
                                max(RIVAL_TRIES, int(RIVAL_FACTOR * self.tried)))

    def _fits(self, expr: Expr) -> bool:
        return all(self._fits_one(expr, index) for index in range(self.examples))

    def _varies(self, expr: Expr) -> bool:
        """The body answers differently on different inputs (else it is a constant in
        disguise, like `'abc' do: [:x | self]`)."""
        answers = {_canonical(v) for v in expr.values if v is not ERROR}
        return len(answers) > 1

    def _depends(self, expr: Expr) -> bool:
        """The body uses self and every argument: a body that ignores an input fits few
        examples by chance far more often than it is what the user meant."""
        return "self" in expr.uses and all(i in expr.uses
                                           for i in range(arity(self.selector)))

    # ---- blocks ---------------------------------------------------------------------------
    def _block_bank(self, params: int) -> _Blocks:
        blocks = self.blocks.get(params)
        if blocks is None:
            blocks = self.blocks[params] = _Blocks(self, params)
        return blocks

    def _block(self, params: int, body: tuple, env: tuple) -> Block:
        rt = self.rt

        def run(*arguments: object) -> object:
            return _evaluate(rt, body, env, arguments)

        return Block(run, params)

    # ---- conditionals ---------------------------------------------------------------------
    def _conditionals(self, cost: int) -> None:
        """`p ifTrue: [t] ifFalse: [f]` of this cost, where t and f are each right on some
        examples and p tells those apart (EUSolver's joining of partial solutions).

        Joining costs nothing, and a branch that is a string, a boolean or nil from the
        examples costs 1: labels like `'even'` and `'odd'` are what the user typed."""
        if self.examples < 2 or any(s.node[0] != "if" for s in self.solutions):
            return
        rt = self.rt
        for predicate_cost in range(1, cost - 1):
            for predicate in self.bank.get(predicate_cost, []):
                flags = predicate.values
                if not all(v is rt.true or v is rt.false for v in flags[:self.examples]):
                    continue
                chosen = tuple(v is rt.true for v in flags[:self.examples])
                if all(chosen) or not any(chosen):
                    continue
                for then in self._right_on(chosen, True):
                    rest = cost - predicate_cost - _branch_cost(then)
                    if rest < 1:
                        continue
                    for otherwise in self._right_on(chosen, False):
                        if _branch_cost(otherwise) != rest or _table(then, otherwise):
                            continue
                        self.tried += 1
                        if not self.tried & 63:
                            self._tick()
                        values = []
                        for i in range(self.size):
                            flag = flags[i]
                            values.append(then.values[i] if flag is rt.true else
                                          otherwise.values[i] if flag is rt.false
                                          else ERROR)
                        self._add(("if", predicate.node, then.node, otherwise.node),
                                  cost, values,
                                  predicate.uses | then.uses | otherwise.uses)

    def _right_on(self, chosen: tuple, side: bool) -> list[Expr]:
        """Bank expressions right on the examples `chosen` marks `side` (the cheapest 30)."""
        size = sum(len(b) for b in self.bank.values())
        key = (chosen, side)
        cached = self.right_on.get(key)
        if cached is not None and cached[0] == size:
            return cached[1]
        found: list[Expr] = []
        for cost in sorted(self.bank):
            for expr in self.bank[cost]:
                if all(self._fits_one(expr, i) for i in range(self.examples)
                       if chosen[i] == side):
                    found.append(expr)
                if len(found) >= 30:
                    break
            if len(found) >= 30:
                break
        found.sort(key=_branch_cost)
        self.right_on[key] = (size, found)
        return found

    def _fits_one(self, expr: Expr, index: int) -> bool:
        _, expected, observe = self.expected[index]
        value = expr.values[index]
        for selector in observe:
            value = self._call(value, selector, ())
            if value is ERROR:
                return False
        return _same(value, expected)

    # ---- results --------------------------------------------------------------------------
    def results(self) -> list[Solution]:
        if not self.solutions:
            return []
        best = min(s.cost for s in self.solutions)
        near = [s for s in self.solutions if s.cost <= best + RIVAL_SLACK]
        likely = {id(s): likelihood(s.node, self.usage) for s in near}  # once each
        ranked = sorted(near, key=lambda s: (s.cost, -likely[id(s)]))
        winner = ranked[0]
        found = [Solution(self._body(winner), winner.cost)]
        if self.finished < winner.cost or \
                (self._rare(winner.node) and self.finished < winner.cost + RIVAL_SLACK):
            # time ran out before every program that could rival the winner was tried
            found[0].rival = Rival("", "", "", "")
        decided: tuple[Expr, int, str] | None = None  # a rival the image's usage rules out
        for other in ranked[1:]:
            if other.cost > winner.cost and not self._rare(winner.node):
                # A dearer rival counts only against a winner that sends a selector no
                # method of the image sends: such a selector costs 2 like one used two or
                # three times, which undercharges it (`self bitXor: a` against
                # `(self - a) abs`). Otherwise the cost speaks for the winner (`x + y` over
                # `x bitOr: y`, `self + (self + self)` over junk one point dearer).
                continue
            # a difference where one of them fails is no evidence: junk often fails
            differs = next((i for i in range(self.examples, self.size)
                            if other.values[i] is not ERROR and winner.values[i] is not ERROR
                            and _canonical(other.values[i]) != _canonical(winner.values[i])),
                           None)
            if differs is None:
                continue
            margin = likely[id(winner)] - likely[id(other)] \
                if other.cost == winner.cost and boundary_apart(winner.node, other.node) \
                else -math.inf
            if margin >= LIKELIER:
                # the same body with its line drawn elsewhere, in a way the image's methods
                # do far less often (`self > 1` against `self > 0`): the image decides, and
                # a person asked still sees both
                decided = decided or (other, differs, f"the image's methods make it "
                                                      f"{2 ** margin:.0f} times as likely")
                continue
            self._rivalry(found, winner, other, differs)
            return found
        if decided is not None and found[0].rival is None:  # (not when time ran out)
            self._rivalry(found, winner, *decided)
        return found

    def _rivalry(self, found: list[Solution], winner: Expr, other: Expr, differs: int,
                 decided: str = "") -> None:
        """Make `other` the rival of the winner, `found[0]`, and add it to `found`, each
        with the input `differs` where the two answer differently."""
        receiver, arguments = self.envs[differs]
        shown = self.rt.describe(receiver) + "".join(
            f" {k} {self.rt.describe(a)}" if self.selector.endswith(":")
            else f" {self.selector} {self.rt.describe(a)}"
            for k, a in zip(keywords(self.selector) if self.selector.endswith(":")
                            else [self.selector], arguments, strict=False))
        if not arguments:
            shown += f" {self.selector}"
        rival = Rival(f"( {self._body(other)} )", shown, self._shown(winner.values[differs]),
                      self._shown(other.values[differs]), decided)
        found[0].rival = rival
        found.append(Solution(self._body(other), other.cost,
                              Rival(f"( {found[0].body} )", shown, rival.theirs,
                                    rival.ours)))

    def _rare(self, node: tuple) -> int:
        """How many sends of `node` use a selector no method of the image sends (only its
        own definition mentions it) and the model did not mention."""
        count = 0
        for send in _sends(node):
            words = _words_of(send[1])
            if min(self.usage.get(w, 0) for w in words) <= 1 and \
                    not all(self.hinted.get(w, 0) for w in words):
                count += 1
        return count

    def _shown(self, value: object) -> str:
        return "an error" if value is ERROR else self.rt.describe(value)

    def _body(self, expr: Expr) -> str:
        text = expr.text(self.names)
        if self.setter:
            return _text(("setter", self.setter, expr.node), self.names)
        return text


class _Blocks:
    """Blocks of one number of parameters for the collection messages, with small bodies
    enumerated bottom-up (one cost level at a time, when a send first needs it) over the
    elements of the collections among the inputs."""

    def __init__(self, search: _Search, params: int) -> None:
        self.search = search
        self.params = params
        self.names = ["x", "y"][:params]
        self.bodies: dict[int, list[Expr]] = {}
        self.blocks: dict[int, list[Expr]] = {}
        self.seen: set = set()
        self.done = 0  # the cost levels made so far
        self.pairs: list[tuple[int, tuple]] = []  # (input, parameter values)
        if params not in (1, 2):
            self.done = MOST_BLOCK_COST
            return
        for index, (receiver, arguments) in enumerate(search.envs):
            elements: list = []
            for value in (receiver, *arguments):
                if type(value) in (Vector, List):
                    elements.extend(value.items[:5])
                elif type(value) is str:
                    elements.extend(value[:5])
            if params == 2:
                pairs = [(a, b) for a in elements[:3] for b in elements[:3]]
            else:
                pairs = [(e,) for e in elements]
            self.pairs.extend((index, p) for p in pairs[:6])
        if not self.pairs:
            self.done = MOST_BLOCK_COST

    def of_cost(self, cost: int) -> list[Expr]:
        while self.done < min(cost, MOST_BLOCK_COST):
            self.done += 1
            self._level(self.done)
        return self.blocks.get(cost, [])

    def _add(self, node: tuple, cost: int, values: list, uses: frozenset) -> None:
        search = self.search
        key = tuple(_canonical(v) for v in values)
        if key in self.seen or all(v is ERROR for v in values):
            return
        self.seen.add(key)
        rt = search.rt
        predicate = all(v is rt.true or v is rt.false for v in values)
        body = Expr(node, cost, values, uses, _precedence(node), ("block", predicate))
        self.bodies.setdefault(cost, []).append(body)
        if not _uses_parameters(node, self.params):
            return  # `self collect: [:x | self]` walks the elements only to ignore them
        block = Expr(("block", self.names, node), cost,
                     [search._block(self.params, node, env) for env in search.envs], uses, 0,
                     body.kind)
        self.blocks.setdefault(cost, []).append(block)

    def _level(self, cost: int) -> None:
        search, pairs = self.search, self.pairs
        if cost == 1:
            for p in range(self.params):
                self._add(("param", p), 1, [pair[1][p] for pair in pairs], frozenset())
            for outer in search.bank.get(1, []):
                if outer.node[0] == "const" and (outer.cost > 1 or _label(outer)):
                    continue
                self._add(outer.node, 1, [outer.values[pair[0]] for pair in pairs],
                          outer.uses)
            return
        for receiver_cost in range(1, cost):
            for receiver in list(self.bodies.get(receiver_cost, ())):
                sample = next((v for v in receiver.values if v is not ERROR), None)
                if sample is None:
                    continue
                for selector, (count, blocks) in search.selectors(sample).items():
                    if any(b >= 0 for b in blocks):
                        continue
                    rest = cost - receiver_cost - search.cost_of(selector)
                    if count == 0 and rest == 0:
                        arguments: list[tuple] = [()]
                    elif count == 1 and rest >= 1:
                        arguments = [(a,) for a in self.bodies.get(rest, [])]
                    else:
                        continue
                    for args in arguments:
                        search.tried += 1
                        if not search.tried & 63:
                            search._tick()
                        values = [ERROR if receiver.values[i] is ERROR
                                  or any(a.values[i] is ERROR for a in args)
                                  else search._call(receiver.values[i], selector,
                                                    tuple(a.values[i] for a in args))
                                  for i in range(len(pairs))]
                        node = ("send", selector, receiver.node, tuple(a.node for a in args))
                        self._add(node, cost, values,
                                  receiver.uses.union(*(a.uses for a in args)))


def _prints(node: tuple) -> bool:
    """Whether an expression sends a printing selector (its value is made of printed text)."""
    stack = [node]
    while stack:
        node = stack.pop()
        if node[0] == "send":
            if node[1] in PRINTING:
                return True
            stack.append(node[2])
            stack.extend(node[3])
    return False


def _uses_parameters(node: tuple, params: int) -> bool:
    """Whether a block body uses each of its block's parameters."""
    used: set[int] = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if node[0] == "param":
            used.add(node[1])
        elif node[0] == "send":
            stack.append(node[2])
            stack.extend(node[3])
    return len(used) == params


def _label(expr: Expr) -> bool:
    """An answer of the examples, to be used only as a branch of a conditional."""
    return len(expr.node) == 3 and expr.node[0] == "const"


def _table(then: Expr, otherwise: Expr) -> bool:
    """Two constant branches of which one is a number: a table of the examples' answers
    (`self isEmpty ifTrue: [0] ifFalse: [14]`), not a method."""
    constants = [e for e in (then, otherwise) if e.node[0] == "const"]
    numbers = [e for e in constants if e.node[1][:1].isdigit() or e.node[1].startswith("-")]
    return (len(constants) == 2 and bool(numbers)) or any(e.cost > 2 for e in numbers)


def _branch_cost(expr: Expr) -> int:
    """A branch's cost in a conditional: a label (string, boolean, nil) costs 1."""
    if expr.node[0] == "const" and not expr.node[1][:1].isdigit() \
            and not expr.node[1].startswith(("-", "{")):
        return 1
    return expr.cost


def _evaluate(rt: Runtime, node: tuple, env: tuple, params: tuple = ()) -> object:
    """Run an enumerated expression tree for one input (block bodies)."""
    tag = node[0]
    if tag == "self":
        return env[0]
    if tag == "arg":
        return env[1][node[1]]
    if tag == "param":
        return params[node[1]]
    if tag == "slot":
        return rt.send(env[0], node[1])
    if tag == "const":
        text = node[1]
        if text in ("nil", "true", "false"):
            return {"nil": rt.nil, "true": rt.true, "false": rt.false}[text]
        if text == "{}":
            return rt.make_vector([])
        return _constant(text)
    if tag == "send":
        receiver = _evaluate(rt, node[2], env, params)
        arguments = [_evaluate(rt, a, env, params) for a in node[3]]
        return rt.send(receiver, node[1], *arguments)
    raise SelfpyError(f"the finder cannot run {tag} inside a block")


def _constant(text: str) -> object:
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    try:
        return int(text)
    except ValueError:
        return float(text)


def _literals_in(text: str) -> list[object]:
    """Numbers and strings a (perhaps unparsable) model sample mentions."""
    found: list[object] = []
    for match in re.finditer(r"'((?:[^']|'')*)'|(?<![\w.])(-?\d+(?:\.\d+)?)", text):
        if match.group(1) is not None:
            value: object = match.group(1).replace("''", "'")
        else:
            value = _constant(match.group(2))
        if value not in found and not (isinstance(value, int | float) and abs(value) > 1000):
            found.append(value)
    return found[:6]


_MUTABLE = snapshot.MUTABLE


def _take(value: object) -> object:
    if type(value) is Vector or type(value) is List:
        return value.items[:]  # type: ignore[attr-defined]
    return snapshot.take(value)


def _changed(value: object, state: object) -> bool:
    if type(value) is Vector or type(value) is List:
        return value.items != state  # type: ignore[attr-defined]
    return snapshot.changed(value, state)


def _put_back(value: object, state: object) -> None:
    if type(value) is Vector or type(value) is List:
        value.items = list(state)  # type: ignore[attr-defined, call-overload]
    else:
        snapshot.restore(value, state)  # type: ignore[arg-type]


def _huge(value: object) -> bool:
    """Answers no everyday method gives, which make further evaluations slow."""
    kind = type(value)
    if kind is int:
        return value.bit_length() > 64  # type: ignore[attr-defined]
    if kind is str:
        return len(value) > 10_000  # type: ignore[arg-type]
    if kind in (Vector, List):
        return len(value.items) > 10_000  # type: ignore[attr-defined]
    return False


def _canonical(value: object, depth: int = 0) -> object:
    kind = type(value)
    if kind is int or kind is str:
        return (kind.__name__, value)
    if kind is float:
        return ("float", value if not math.isnan(value) else "nan")
    if kind in (Vector, List) and depth < 3:
        # a vector and a list with the same elements answer the same to everything an
        # example can ask of a sequence
        return ("sequence", tuple(_canonical(v, depth + 1) for v in value.items))
    return ("id", id(value))


def _kind(value: object) -> object:
    kind = type(value)
    if kind in (SelfObject, Vector, List, Dictionary):
        return id(value._map)
    return kind


def _same(value: object, expected: object) -> bool:
    if _canonical(value) == _canonical(expected):
        return True
    numbers = (int, float)
    return type(value) in numbers and type(expected) in numbers and value == expected \
        and type(value) is type(expected)


def _assignable(rt: Runtime, obj: SelfObject, name: str) -> bool:
    for holder in lookup_path(obj, rt.as_object):
        slot = holder._map.slots.get(name)
        if slot is not None:
            return slot.kind == ASSIGNABLE and not slot.parent
    return False


def _readable_slots(rt: Runtime, receiver: SelfObject) -> list[str]:
    """The data slots on the receiver's path short of the kernel's traits."""
    stop = {id(rt.lobby), id(rt.state["traits"]["root"])}
    stop.update(id(t) for t in rt.state["traits"].values())
    names: list[str] = []
    for obj in lookup_path(receiver, rt.as_object):
        if id(obj) in stop:
            continue
        for name, slot in obj._map.slots.items():
            if slot.kind != METHOD and not slot.parent and name not in names \
                    and not is_primitive(name):
                names.append(name)
    return names


def _block_arity(method: Method, argument: str) -> int:
    """How a method uses an argument: as a block of 0, 1 or 2 parameters, or -1 (not)."""
    source = method.source
    name = re.escape(argument)
    if re.search(rf"\b{name}\s+value:\s*[^.]*?\bvalue:", source):
        return 2
    if re.search(rf"\b{name}\s+value:", source):
        return 1
    if re.search(rf"\b{name}\s+value\b", source):
        return 0
    if argument.lower().endswith("block"):
        return 1
    return -1
