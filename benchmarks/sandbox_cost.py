"""What the sandbox of synthesized code costs, measured in one run:

- one trial of a candidate (static checks, install, the pending send and two
  examples, effects, roll back), as the finder pays it for every body it tries,
  against the Python twin: calling the same body as a Python function on the
  same inputs;
- one call of a method `auto` installed (run under its rights: a savepoint and a
  look at what changed), against the same method once a person approved it
  (full rights), and against the Python twin;
- how long `[[true] whileTrue] ensure: [[true] whileTrue]. 1` runs in a trial
  with a 0.5 s limit.

    python benchmarks/sandbox_cost.py [--trials 300] [--calls 20000]
"""

from __future__ import annotations

import argparse
import statistics
import time

from scripted import Scripted

import selfpy
from selfpy.objects.slot import value_attribute
from selfpy.synthesis import crucible, model
from selfpy.synthesis import pipeline as synthesis
from selfpy.synthesis.candidate import Candidate


def request_for(world: selfpy.World, selector: str, receiver: object) -> object:
    rt = world.runtime
    message = rt.prototype("message").clone()
    setattr(message, value_attribute("selector"), selector)
    setattr(message, value_attribute("arguments"), rt.make_vector([]))
    setattr(message, value_attribute("receiver"), receiver)
    return synthesis._request(rt, message)


def per_call(function: object, count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        function()  # type: ignore[operator]
    return (time.perf_counter() - started) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--calls", type=int, default=20000)
    options = parser.parse_args()

    with selfpy.World(synthesize="auto") as world:
        rt = world.runtime
        world.execute("traits integer expects: 'cubed' examples: {'3 cubed = 27'. "
                      "'0 cubed = 0'}")
        with world.transaction():
            request = request_for(world, "cubed", 3)
            limits = model.settings(rt)
            bodies = ["( self * self * self )", "( self * self * self + 0 )"]

            def one_trial(counter: list = [0]) -> None:  # noqa: B006 - a counter
                counter[0] += 1
                candidate = Candidate("cubed", bodies[counter[0] % 2], "finder")
                assert crucible.evaluate(rt, candidate, request, limits).passed
            trial = per_call(one_trial, options.trials)

        def cube(x: int) -> int:
            return x * x * x
        twin_trial = per_call(lambda: (cube(3), cube(3) == 27, cube(0) == 0), options.trials)

        rt.configure(model_backend=Scripted("( self * self * self )"))
        world.eval("3 cubed")
        loop = rt.compile_doit("| s | s := 0. 1 to: 1000 do: [:i | s := s + i cubed]. s")
        with world.transaction():
            confined = per_call(lambda: list(loop(rt.lobby)), max(1, options.calls // 1000))
        world.eval("(reflect: traits integer) approve: 'cubed'")
        with world.transaction():
            approved = per_call(lambda: list(loop(rt.lobby)), max(1, options.calls // 1000))
        twin_loop = per_call(lambda: sum(cube(i) for i in range(1, 1001)),
                             max(1, options.calls // 1000))

        rt.configure(model_backend=Scripted(
            "( [[true] whileTrue] ensure: [[true] whileTrue]. 1 )"))
        # the model is the only source: the finder would decide on its own bodies
        world.execute("pLLM sources: (pLLM sources select: [:s | s name = 'model']). "
                      "pLLM seconds: 0.5. traits integer expects: 'spin' examples: "
                      "{'3 spin = 1'}")
        stops = []
        for _ in range(5):
            started = time.monotonic()
            world.eval("[3 spin] on: error do: [:e | 0]")
            stops.append(time.monotonic() - started)

    print(f"trial of one candidate      {trial * 1e3:8.3f} ms   Python twin "
          f"{twin_trial * 1e6:8.3f} us   ratio {trial / twin_trial:8.0f}")
    print(f"call of an auto method      {confined / 1000 * 1e6:8.3f} us   approved "
          f"{approved / 1000 * 1e6:8.3f} us   ratio {confined / approved:6.2f}   Python twin "
          f"{twin_loop / 1000 * 1e6:8.3f} us   ratio {confined / twin_loop:6.1f}")
    print(f"ensure: loop, limit 0.5 s   median {statistics.median(stops):.3f} s   "
          f"worst {max(stops):.3f} s (the whole synthesis)")


if __name__ == "__main__":
    main()
