"""Constrained decoding: what the method grammar costs the bundled model.

The prompts are the ones synthesis really builds: every task of
`benchmarks/synthesis/tasks.toml` runs in an in-memory image with the model
as the only source, and a recording backend keeps the chat it is asked
(system message, few-shot examples, retrieved methods, the request). Each
prompt is then decoded by llama.cpp in this process (the bundled GGUF, as
`selfpy.model` loads it) twice with the same seed: without a grammar (the
twin) and under the GBNF grammar derived from `grammar/selfpy.lark`.

Reported: tokens per second of each (the first token, which includes
evaluating the prompt, is counted apart), the grammar's cost over
unconstrained decoding, and the time of one token as a distribution (p50,
p99, max; wall and CPU time of this thread), with where the slowest tokens
were: which prompt and position, whether the grammar refused the drawn
token there (a second draw over the filtered vocabulary), and whether a
garbage collection ran during it. The machine's load average is printed
before and after, since wall times on a shared machine depend on it. Every constrained
sample that ended on its own (not cut at the token limit) must parse with
the Lark grammar; the program exits 1 when one does not, or when the
targets (at most 30 % over unconstrained decoding, no token over 50 ms)
are missed and `--strict` is given.

    python benchmarks/decoding.py [--prompts 24] [--samples 4] [--max-tokens 48] [--strict]
    nice python benchmarks/decoding.py --short      # 3 prompts, constrained only, checks parsing
    nice python benchmarks/decoding.py --short --grammar FILE   # another GBNF
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import selfpy
from selfpy.errors import ParseError, SelfpyError
from selfpy.syntax import gbnf
from selfpy.syntax.parser import parse_method
from selfpy.synthesis import decoding, model
from selfpy.synthesis.candidate import argument_names
from selfpy.tools.bench import task_source

HERE = Path(__file__).resolve().parent
TASKS = HERE / "synthesis" / "tasks.toml"
OVERHEAD_TARGET = 0.30  # the grammar may cost at most this much over unconstrained decoding
TOKEN_TARGET = 0.050  # seconds: no constrained token may take longer


@dataclass
class Prompt:
    selector: str
    arguments: list[str]
    chat: list[dict]


class Recorder:
    """A backend that keeps the chats synthesis asks and answers nothing."""

    def __init__(self) -> None:
        self.chats: list[list[dict]] = []

    def describe(self) -> str:
        return "recorder"

    def digest(self) -> str:
        return "0" * 64

    def sample(self, messages: list[dict], grammar: str | None, count: int, seed: int,
               temperature: float, max_tokens: int) -> list[model.Sample]:
        self.chats.append(messages)
        return []


def synthesis_prompts(limit: int) -> list[Prompt]:
    """The chats synthesis builds for the benchmark tasks (model as the only source)."""
    with open(TASKS, "rb") as handle:
        tasks = tomllib.load(handle)["task"][:limit]
    recorder = Recorder()
    prompts = []
    with selfpy.World(None, synthesize="auto", output=lambda text: None) as world:
        world.runtime.configure(model_backend=recorder, notify=lambda text: None)
        only_model(world)
        for task in tasks:
            before = len(recorder.chats)
            try:
                world.execute(task_source(task), "tasks.toml", commit=False)
            except SelfpyError:
                pass
            if len(recorder.chats) > before:
                selector = task["selector"]
                prompts.append(Prompt(selector, argument_names(selector), recorder.chats[-1]))
    return prompts


def only_model(world: selfpy.World) -> None:
    """Make the model the only candidate source, so every task reaches it."""
    world.execute("pLLM sources: (pLLM sources select: [:s | s name = 'model'])")


@dataclass
class Run:
    """One decoding of one prompt."""

    text: str = ""
    first: float = 0.0  # seconds to the first token (prompt evaluation included)
    steps: list[float] = field(default_factory=list)  # seconds of each later token
    cpu: list[float] = field(default_factory=list)  # CPU seconds of this thread, the same
    ended: bool = False  # stopped at end-of-generation, not at the token limit
    rechecked: int = 0  # tokens the grammar refused at first
    rechecked_at: list[int] = field(default_factory=list)  # their positions
    collected: list[int] = field(default_factory=list)  # positions with a garbage collection


def decode(llama: object, chat: list[dict], grammar: str | None, seed: int, temperature: float,
           max_tokens: int) -> Run:
    """Decode one chat as the in-process backend does, timing each token."""
    run = Run()
    clock = {"wall": time.perf_counter(), "cpu": time.thread_time()}
    started = clock["wall"]
    collections = {"count": 0}

    def collecting(phase: str, _info: dict) -> None:
        collections["count"] += phase == "start"

    def tick(count: int) -> None:  # called before each token is drawn
        now, cpu = time.perf_counter(), time.thread_time()
        if count == 0:
            run.first = now - started
        elif count > 0:
            run.steps.append(now - clock["wall"])
            run.cpu.append(cpu - clock["cpu"])
            if collections["count"]:
                run.collected.append(count - 1)
        collections["count"] = 0
        clock["wall"], clock["cpu"] = now, cpu

    tokens = decoding.prompt_tokens(llama, chat)
    gc.callbacks.append(collecting)
    try:
        done = decoding.decode(llama, tokens, grammar, seed, temperature, max_tokens, tick)
        tick(done.tokens + 1)  # the time of the last token (or of the end-of-generation one)
    finally:
        gc.callbacks.remove(collecting)
    run.text, run.ended, run.rechecked = done.text, done.ended, done.rechecked
    # steps[i] is token i + 1 (token 0 is the first, timed with the prompt)
    run.rechecked_at = [i - 1 for i in done.rechecked_at if i > 0]
    return run


def parses(prompt: Prompt, text: str) -> str | None:
    """None when the sample parses as a method body with the Lark grammar, else why not."""
    body = text.strip()
    if not body.startswith("("):
        body = f"( {body} )"
    try:
        parse_method(body, prompt.selector, prompt.arguments, "<sample>")
    except ParseError as error:
        return f"{error.line}:{error.column}: {error.message}"
    return None


def per_token(runs: list[Run], cpu: bool = False) -> float:
    steps = [s for r in runs for s in (r.cpu if cpu else r.steps)]
    return sum(steps) / len(steps) if steps else 0.0


def worst(runs: list[Run], cpu: bool = False) -> float:
    return max((s for r in runs for s in (r.cpu if cpu else r.steps)), default=0.0)


def distribution(runs: list[Run], cpu: bool = False) -> tuple[float, float, float]:
    """p50, p99 and max seconds of one token (after the first)."""
    steps = sorted(s for r in runs for s in (r.cpu if cpu else r.steps))
    if not steps:
        return 0.0, 0.0, 0.0
    return (steps[len(steps) // 2], steps[min(len(steps) - 1, math.ceil(0.99 * len(steps)) - 1)],
            steps[-1])


def slowest(labels: list[str], runs: list[Run], count: int = 5) -> list[str]:
    """The slowest tokens: prompt, position, wall and CPU ms, and what happened there."""
    found = [(step, run.cpu[i], number, i) for number, run in enumerate(runs)
             for i, step in enumerate(run.steps)]
    lines = []
    for step, cpu, number, i in sorted(found, reverse=True)[:count]:
        run = runs[number]
        what = [word for word, here in (("grammar refused the first draw",
                                         i in run.rechecked_at),
                                        ("garbage collection", i in run.collected)) if here]
        lines.append(f"  {labels[number]:<19} token {i + 2:>3}: "
                     f"{step * 1000:6.1f} ms wall, {cpu * 1000:5.1f} ms cpu"
                     + (f"  ({', '.join(what)})" if what else ""))
    return lines


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prompts", type=int, default=24)
    parser.add_argument("--max-tokens", type=int, default=model.manifest()["max_tokens"])
    parser.add_argument("--samples", type=int, default=model.manifest()["samples"],
                        help="samples per prompt (seeds seed, seed + 1, ... as synthesis "
                             "draws them)")
    parser.add_argument("--short", action="store_true",
                        help="3 prompts, one sample, constrained only: check that samples "
                             "parse")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--show", action="store_true", help="print every sample in full")
    parser.add_argument("--grammar", metavar="FILE", type=Path,
                        help="decode under this GBNF instead of the derived one (to see "
                             "the parse check fail)")
    options = parser.parse_args(argv)
    count = 3 if options.short else options.prompts
    samples = 1 if options.short else max(1, options.samples)
    print(f"load average before (1, 5, 15 min): {load()} on {os.cpu_count()} cpus")
    prompts = synthesis_prompts(count)
    settings = model.manifest()
    llama = model.LlamaBackend(model.bundled_model(), settings["context"],
                               settings["threads"]).llama()
    grammar = options.grammar.read_text() if options.grammar else gbnf.derive().text()
    modes = [("grammar", grammar)] if options.short else [("free", None), ("grammar", grammar)]
    runs: dict[str, list[Run]] = {name: [] for name, _ in modes}
    labels: list[str] = []  # 'selector #sample' of each run
    failures = 0
    print(f"{'prompt':<19} {'tokens':>6} {'ms/token':>8} {'cpu ms':>6} {'worst':>6}  "
          + ("" if options.short else f"{'free ms':>7} {'cpu ms':>6}  ") + "sample")
    for prompt in prompts:
        for i in range(samples):
            seed = settings["seed"] + i
            done = {name: decode(llama, prompt.chat, text, seed, settings["temperature"],
                                 options.max_tokens) for name, text in modes}
            for name, run in done.items():
                runs[name].append(run)
            labels.append(f"{prompt.selector[:16]} #{i + 1}")
            run = done["grammar"]
            problem = parses(prompt, run.text) if run.ended else None
            failures += problem is not None
            shown = run.text if len(run.text) < 50 or options.show else run.text[:47] + "..."
            free = "" if options.short else (
                f"{per_token([done['free']]) * 1000:>7.1f} "
                f"{per_token([done['free']], cpu=True) * 1000:>6.1f}  ")
            print(f"{labels[-1]:<19} {len(run.steps) + 1:>6} "
                  f"{per_token([run]) * 1000:>8.1f} {per_token([run], cpu=True) * 1000:>6.1f} "
                  f"{worst([run]) * 1000:>6.1f}  {free}{shown!r}"
                  + ("" if run.ended else " (cut at the token limit)")
                  + (f"  DOES NOT PARSE: {problem}" if problem else ""))
            if options.show and not options.short:
                print(f"{'':<19} unconstrained: {done['free'].text!r}")
    constrained = runs["grammar"]
    print(f"\n{len(prompts)} prompts, {len(constrained)} constrained samples, "
          f"{sum(r.ended for r in constrained)} ended on their own, {failures} of them "
          "did not parse")
    print("               tokens/s  ms/token  (cpu)   worst token  (cpu)")
    for name, label in (("free", "unconstrained"), ("grammar", "constrained")):
        if name in runs:
            these = runs[name]
            print(f"{label:<14} {1 / per_token(these):8.1f}  {per_token(these) * 1000:8.1f}"
                  f"  {per_token(these, cpu=True) * 1000:5.1f}   "
                  f"{worst(these) * 1000:8.1f} ms  {worst(these, cpu=True) * 1000:5.1f}")
    for name, label in (("free", "unconstrained"), ("grammar", "constrained")):
        if name in runs:
            firsts = [r.first for r in runs[name]]
            print(f"first token (the prompt evaluated, or only its last token when the "
                  f"context holds the rest), {label}: median "
                  f"{statistics.median(firsts) * 1000:.0f} ms, max {max(firsts) * 1000:.0f} ms")
    print("one token, ms      p50 wall  p99 wall  max wall   p50 cpu  p99 cpu  max cpu")
    for name, label in (("free", "unconstrained"), ("grammar", "constrained")):
        if name in runs:
            wall, cpu_ = distribution(runs[name]), distribution(runs[name], cpu=True)
            print(f"{label:<17}" + "".join(f"{v * 1000:9.1f}" for v in (*wall, *cpu_)))
    print("slowest constrained tokens:")
    print("\n".join(slowest(labels, constrained)))
    print(f"grammar refused the first draw of {sum(r.rechecked for r in constrained)} "
          f"of {sum(len(r.steps) + 1 for r in constrained)} constrained tokens")
    print(f"load average after: {load()}")
    missed = worst(constrained, cpu=True) > TOKEN_TARGET
    if not options.short:
        free = runs["free"]
        wall = per_token(constrained) / per_token(free) - 1
        cpu = per_token(constrained, cpu=True) / per_token(free, cpu=True) - 1
        print(f"grammar cost per token: {wall * 100:+.1f} % wall, {cpu * 100:+.1f} % cpu "
              f"(target at most +{OVERHEAD_TARGET * 100:.0f} %); worst token target "
              f"{TOKEN_TARGET * 1000:.0f} ms")
        missed = missed or cpu > OVERHEAD_TARGET
    if failures:
        print("FAILED: a constrained sample does not parse", file=sys.stderr)
        return 1
    if missed and options.strict:
        print("FAILED: a target was missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
