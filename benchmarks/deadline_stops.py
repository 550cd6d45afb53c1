"""How long a synthesis that would hang takes with `pLLM deadline: 1`: a model backend
that never answers, a trial that loops, a model server that never replies, and the
bundled model asked for 200 samples (weights loaded first), each with the model as
the only source (the finder would answer `cubed` before the model is asked), and the
whole pipeline on examples no source can fit. None should end later than a little after 1 s.

    python benchmarks/deadline_stops.py
"""

from __future__ import annotations

import socket
import time

from scripted import Scripted

import selfpy
from selfpy.errors import SelfpyError
from selfpy.synthesis import model

CUBED = "traits integer expects: 'cubed' examples: {'3 cubed = 27'}. "
CAUGHT = "[3 cubed] on: error do: [:e | e messageText]"
MODEL_ONLY = "pLLM sources: (pLLM sources select: [:s | s name = 'model']). "
UNFIT = ("traits integer expects: 'zork' examples: {'3 zork = 99'. '5 zork = 7'. "
         "'10 zork = 1234'}. ")


def timed(world: selfpy.World, source: str) -> float:
    started = time.monotonic()
    try:
        world.eval(source)
    except SelfpyError:
        pass
    return time.monotonic() - started


def scripted(*bodies: str) -> float:
    with selfpy.World(synthesize="auto") as world:
        world.runtime.configure(model_backend=Scripted(*bodies), notify=lambda text: None)
        world.execute(MODEL_ONLY + CUBED + "pLLM seconds: 60; deadline: 1")
        return timed(world, CAUGHT)


def main() -> None:
    print(f"model that never answers   {scripted():6.2f} s")
    print(f"trial that loops           {scripted('( [true] whileTrue. 1 )'):6.2f} s")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    with selfpy.World(synthesize="auto") as world:
        world.runtime.configure(notify=lambda text: None)
        world.execute(MODEL_ONLY + f"pLLM backend: 'http'; url: 'http://127.0.0.1:"
                      f"{server.getsockname()[1]}'; deadline: 1")
        print(f"server that never replies  {timed(world, CUBED + CAUGHT):6.2f} s")
    server.close()
    with selfpy.World(synthesize="auto") as world:
        world.runtime.configure(notify=lambda text: None)
        model.backend(world.runtime).llama()
        world.execute(MODEL_ONLY + "pLLM deadline: 1; samples: 200; maxTokens: 200")
        seconds = timed(world, UNFIT + "3 zork")
        print(f"bundled model, 200 samples {seconds:6.2f} s")
    with selfpy.World(synthesize="auto") as world:
        world.runtime.configure(notify=lambda text: None)
        model.backend(world.runtime).llama()
        world.execute("pLLM deadline: 1")
        print(f"every source, nothing fits {timed(world, UNFIT + '3 zork'):6.2f} s")


if __name__ == "__main__":
    main()
