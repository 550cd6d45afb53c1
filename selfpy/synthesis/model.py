"""The model object's Python side: settings, backends, and sampling.

`pLLM` in the image holds the settings (`backend`, `model`, `url`,
`samples`, ...); a setting left nil takes its value from
`models/default.toml`. Two backends: llama.cpp in this process
(llama-cpp-python) with the GGUF file the settings name, the bundled
SmolLM2 by default, or one stored in the image as a blob; and an
OpenAI-compatible HTTP server (`/v1/completions`). Weights load on the
first sample, never when an image opens, and stay loaded for the process.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import logging
import math
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import SelfpyError
from ..objects.lookup import find
from ..resources import read_toml
from ..vm.deadline import NEVER, Deadline, DeadlinePassed
from . import decoding

if TYPE_CHECKING:
    from ..vm.runtime import Runtime

SETTINGS = ("backend", "model", "url", "modelName", "context", "samples", "temperature",
            "seed", "maxTokens", "steps", "seconds", "httpTimeout", "deadline",
            "threads")
_MANIFEST_KEYS = {"context": "context", "samples": "samples", "temperature": "temperature",
                  "seed": "seed", "maxTokens": "max_tokens", "steps": "steps",
                  "seconds": "seconds", "httpTimeout": "http_timeout", "deadline": "deadline",
                  "threads": "threads"}
# pLLM's slots that only a person may change (outside synthesis, trials and methods
# installed by `auto`); a change of the first two is announced and kept in the history.
ANNOUNCED = ("backend", "url")
GUARDED = frozenset(SETTINGS) | {"candidateSources", "sources", "stages"}
IMAGE_MODEL = "image"  # `model` setting naming the GGUF stored in the image


class ModelError(SelfpyError):
    """The model could not be loaded or asked."""


@dataclass
class Sample:
    text: str
    seed: int


@dataclass
class Settings:
    backend: str  # 'llama' or 'http'
    model: str | None  # GGUF path, IMAGE_MODEL, or None for the bundled one
    url: str | None
    model_name: str  # the model name sent to an HTTP server
    context: int
    samples: int
    temperature: float
    seed: int
    max_tokens: int
    steps: int
    seconds: float
    http_timeout: float
    deadline: float = 10.0  # seconds for a whole synthesis
    threads: int = 1  # llama.cpp threads (one decodes fastest on a shared machine)


class Backend(Protocol):
    """Something that writes method bodies from a chat prompt."""

    def describe(self) -> str: ...

    def digest(self) -> str: ...

    def sample(self, messages: list[dict], grammar: str | None, count: int, seed: int,
               temperature: float, max_tokens: int,
               deadline: Deadline | None = None) -> list[Sample]:
        """Up to `count` samples: those finished by `deadline` (then `deadline.ran_out`
        is 'model')."""
        ...


def sample(backend: Backend, messages: list[dict], grammar: str | None, count: int,
           seed: int, temperature: float, max_tokens: int, deadline: Deadline) -> list[Sample]:
    """Ask `backend` for samples within `deadline` (a backend an embedding program wrote
    without a deadline parameter is still stopped by the synthesis's alarm)."""
    try:
        takes_deadline = "deadline" in inspect.signature(backend.sample).parameters
    except (TypeError, ValueError):
        takes_deadline = False
    if takes_deadline:
        return backend.sample(messages, grammar, count, seed, temperature, max_tokens,
                              deadline=deadline)
    return backend.sample(messages, grammar, count, seed, temperature, max_tokens)


@lru_cache(maxsize=1)
def manifest() -> dict:
    """`models/default.toml`."""
    return read_toml("models", "default.toml")


def model_object(rt: Runtime) -> object:
    """The image's model object, `pLLM` (a seed object, named by the lobby)."""
    return rt.well_known("pLLM")


def settings(rt: Runtime) -> Settings:
    """The settings of the image's `pLLM`, defaults filled in from the manifest."""
    holder = model_object(rt)
    values: dict[str, object] = {}
    for name in SETTINGS:
        try:  # a setting an older image lacks takes its default (sending it would recurse)
            value = rt.send(holder, name) if find(rt.as_object(holder), name, rt.as_object) \
                else rt.nil
        except SelfpyError:
            value = rt.nil
        values[name] = None if value is rt.nil else value
    defaults = manifest()
    for name, key in _MANIFEST_KEYS.items():
        if values[name] is None:
            values[name] = defaults[key]
    return Settings(backend=str(values["backend"] or "llama"),
                    model=values["model"] if isinstance(values["model"], str) else None,
                    url=values["url"] if isinstance(values["url"], str) else None,
                    model_name=str(values["modelName"] or "default"),
                    context=int(values["context"]), samples=int(values["samples"]),
                    temperature=float(values["temperature"]), seed=int(values["seed"]),
                    max_tokens=int(values["maxTokens"]), steps=int(values["steps"]),
                    seconds=float(values["seconds"]),
                    http_timeout=float(values["httpTimeout"]),
                    deadline=float(values["deadline"]),
                    threads=max(1, int(values["threads"])))


@lru_cache(maxsize=1)
def bundled_model() -> Path:
    """The GGUF file inside the package named by the manifest, found through the package's
    installed file list (the package itself is never imported)."""
    import importlib.metadata  # here, not at start-up: it takes a tenth of a second

    spec = manifest()
    try:
        distribution = importlib.metadata.distribution(spec["package"])
    except importlib.metadata.PackageNotFoundError:
        raise ModelError(f"the default model needs the package {spec['package']}; "
                         f"pip install {spec['package']}") from None
    for file in distribution.files or []:
        if file.name == spec["file"]:
            return Path(str(distribution.locate_file(file)))
    raise ModelError(f"the package {spec['package']} has no file {spec['file']}")


def model_path(rt: Runtime, chosen: Settings) -> Path:
    """The GGUF file the settings name."""
    if chosen.model is None:
        return bundled_model()
    if chosen.model == IMAGE_MODEL:
        blob = rt.state.get("model blob")
        if blob is None:
            raise ModelError("the image holds no model; selfpy model import PATH stores one")
        return Path(blob.committed())
    path = Path(chosen.model).expanduser()
    if not path.is_file():
        raise ModelError(f"no model file at {path}")
    return path


def backend(rt: Runtime) -> Backend:
    """The backend the image's settings ask for (an embedding program's override first)."""
    override = getattr(rt, "model_backend", None)
    if override is not None:
        return override
    chosen = settings(rt)
    if chosen.backend == "http":
        if not chosen.url:
            raise ModelError("pLLM backend is 'http' but pLLM url is nil")
        return HttpBackend(chosen.url, chosen.model_name, chosen.http_timeout)
    if chosen.backend != "llama":
        raise ModelError(f"unknown model backend {chosen.backend!r} (use 'llama' or 'http')")
    return LlamaBackend(model_path(rt, chosen), chosen.context, chosen.threads)


def describe(rt: Runtime) -> str:
    """One line on the model: backend, model, whether its weights are loaded."""
    try:
        chosen = settings(rt)
        if getattr(rt, "model_backend", None) is not None:
            return rt.model_backend.describe()
        if chosen.backend == "http":
            return f"http {chosen.url} (model {chosen.model_name})"
        path = model_path(rt, chosen)
    except SelfpyError as error:
        return f"unavailable: {error.message}"
    loaded = (str(path), chosen.context, chosen.threads) in _LOADED
    state = "loaded" if loaded else "loads on first use"
    return f"llama.cpp {path.name} ({state})"


# ---- llama.cpp in process ---------------------------------------------------------------
_LOADED: dict[tuple[str, int, int], object] = {}
_LOAD_LOCK = threading.Lock()
_DIGESTS: dict[tuple[str, int, float], str] = {}


def file_digest(path: Path) -> str:
    """sha256 of a model file (remembered per path, size and time)."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime)
    if key not in _DIGESTS:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        _DIGESTS[key] = digest.hexdigest()
    return _DIGESTS[key]


class LlamaBackend:
    """llama.cpp in this process."""

    def __init__(self, path: Path, context: int, threads: int = 1) -> None:
        self.path = path
        self.context = context
        self.threads = threads

    def describe(self) -> str:
        return f"llama.cpp {self.path.name}"

    def digest(self) -> str:
        return file_digest(self.path)

    def llama(self) -> object:
        """The llama.cpp model, loaded once per process (a caller may load it ahead)."""
        key = (str(self.path), self.context, self.threads)
        with _LOAD_LOCK:
            if key not in _LOADED:
                _LOADED[key] = _load_llama(self.path, self.context, self.threads)
            return _LOADED[key]

    def sample(self, messages: list[dict], grammar: str | None, count: int, seed: int,
               temperature: float, max_tokens: int,
               deadline: Deadline | None = None) -> list[Sample]:
        deadline = deadline or NEVER
        llama = self.llama()
        tokens = decoding.prompt_tokens(llama, messages)
        if len(tokens) >= self.context:
            raise ModelError(f"the prompt has {len(tokens)} tokens, more than the model's "
                             f"context of {self.context} (pLLM context: sets it)")
        abort = _ABORTS[id(llama)]

        def stop_when_late(_drawn: int) -> None:
            """Called before each token is drawn: stops generation between tokens."""
            abort.check()
            deadline.check("the model")
        samples = []
        for i in range(count):
            if deadline.expired:
                deadline.note("the model")
                break
            with abort.running(deadline):
                try:
                    done = decoding.decode(llama, tokens, grammar, seed + i, temperature,
                                           min(max_tokens, self.context - len(tokens)),
                                           on_token=stop_when_late)
                except DeadlinePassed:
                    break  # the unfinished sample is dropped
                except decoding.DecodingError as error:
                    raise ModelError(str(error)) from None
                except RuntimeError:  # llama_decode aborted: prompt evaluation was stopped
                    abort.check()
                    if not deadline.expired:
                        raise
                    deadline.note("the model")
                    break
            samples.append(Sample(done.text, seed + i))
        return samples


class _Abort:
    """llama.cpp's abort callback for one loaded model: it stops a decode (the prompt's
    evaluation is one long native call) once the deadline has passed or Ctrl-C was
    pressed. While a sample is made, Ctrl-C only sets a flag (a Python exception cannot
    cross the native call); the interruption is raised once the decode has stopped."""

    def __init__(self) -> None:
        self.at = math.inf
        self.interrupted = False

    def __call__(self, _data: object) -> bool:
        return self.interrupted or time.monotonic() >= self.at

    def check(self) -> None:
        """Raise KeyboardInterrupt if Ctrl-C was pressed while sampling."""
        if self.interrupted:
            self.interrupted = False
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def running(self, deadline: Deadline) -> Iterator[None]:
        """One sample: its deadline, and Ctrl-C caught as a flag (in the main thread)."""
        self.at, self.interrupted = deadline.at, False
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGINT, self._interrupt)
        try:
            yield
        finally:
            self.at = math.inf
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        self.check()

    def _interrupt(self, _signal: int, _frame: object) -> None:
        self.interrupted = True


_ABORTS: dict[int, _Abort] = {}
_CALLBACKS: list[object] = []  # the native callbacks, kept alive as long as the models


def _abortable(llama: object) -> object:
    """Give a loaded model its abort callback."""
    import llama_cpp.llama_cpp as native

    abort = _Abort()
    callback = native.ggml_abort_callback(abort)
    native.llama_set_abort_callback(llama._ctx.ctx, callback, None)  # type: ignore[attr-defined]
    _ABORTS[id(llama)] = abort
    _CALLBACKS.append(callback)
    # llama.cpp logs an aborted decode as an error on stderr; selfpy says what happened
    logging.getLogger("llama-cpp-python").setLevel(logging.CRITICAL)
    return llama


def _load_llama(path: Path, context: int, threads: int) -> object:
    try:
        import llama_cpp.llama_cpp as native
        from llama_cpp import Llama
    except ImportError as error:
        raise ModelError(f"llama-cpp-python is not installed ({error})") from None
    # Weight repacking into "extra" CPU buffers (AMX and friends) crashes on some
    # virtual machines that report AMX; the small models synthesis uses do not need it.
    defaults = native.llama_model_default_params

    def without_extra_buffers() -> object:
        params = defaults()
        params.use_extra_bufts = False
        return params
    native.llama_model_default_params = without_extra_buffers
    try:
        # Decoding a small model is a chain of tiny matrix products: threads mostly wait
        # for each other, and on a busy machine a descheduled one stalls every token
        # (measured: 2 threads 388 ms a token, 1 thread 39 ms; docs/synthesis.md).
        return _abortable(Llama(model_path=str(path), n_ctx=context, verbose=False,
                                n_threads=threads, n_threads_batch=threads))
    except (ValueError, RuntimeError, OSError) as error:
        raise ModelError(f"could not load the model {path}: {error}") from None
    finally:
        native.llama_model_default_params = defaults


# ---- an OpenAI-compatible server --------------------------------------------------------
class HttpBackend:
    """A server that speaks the OpenAI completions API (llama.cpp's server, vLLM, ...).

    The grammar goes along as `grammar`, which llama.cpp's server honours and
    others ignore; every answer is parsed by the crucible anyway.
    """

    def __init__(self, url: str, model_name: str, timeout: float) -> None:
        if not url.startswith(("http://", "https://")):
            raise ModelError(f"a model server URL starts with http:// or https://, not {url!r}")
        self.url = url.rstrip("/")
        self.model_name = model_name
        self.timeout = timeout

    def describe(self) -> str:
        return f"http {self.url} (model {self.model_name})"

    def digest(self) -> str:
        return hashlib.sha256(f"{self.url} {self.model_name}".encode()).hexdigest()

    def sample(self, messages: list[dict], grammar: str | None, count: int, seed: int,
               temperature: float, max_tokens: int,
               deadline: Deadline | None = None) -> list[Sample]:
        deadline = deadline or NEVER
        prompt = chatml(messages)
        import urllib.error  # here, not at start-up: only the HTTP backend needs it
        import urllib.request

        samples = []
        for i in range(count):
            if deadline.expired:
                deadline.note("the model server")
                break
            body = {"model": self.model_name, "prompt": prompt, "max_tokens": max_tokens,
                    "temperature": temperature, "seed": seed + i, "n": 1,
                    "stop": ["<|im_end|>", "\n\n"]}
            if grammar:
                body["grammar"] = grammar
            request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
                f"{self.url}/v1/completions", data=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"}, method="POST")
            wait = min(self.timeout, max(0.05, deadline.remaining()))
            try:
                with urllib.request.urlopen(request, timeout=wait) as response:  # noqa: S310
                    answer = json.load(response)
                text = answer["choices"][0]["text"]
            except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError,
                    IndexError, TypeError) as error:
                if deadline.expired:
                    deadline.note("the model server")
                    break
                raise ModelError(f"the model server at {self.url} failed: {error}") from None
            samples.append(Sample(str(text), seed + i))
        return samples


def chatml(messages: list[dict]) -> str:
    """Messages as one ChatML prompt, ending where the assistant answers."""
    turns = [f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages]
    return "".join(turns) + "<|im_start|>assistant\n"


# ---- the model object belongs to the user -------------------------------------------------
def guard_settings(rt: Runtime) -> None:
    """Let only a person change pLLM's settings: not synthesized code, not during a
    synthesis or a trial; a new backend or URL is announced and kept in the history."""
    from ..objects import history

    if "pLLM" not in rt.lobby._map.slots:
        return  # an image of format 1: its migration makes pLLM and guards it then
    holder = model_object(rt)

    def check(obj: object, name: str, value: object) -> None:
        if name not in GUARDED:
            return
        confinement = getattr(rt, "confinement", None)
        if confinement is not None:
            confinement.refuse(f"change pLLM ({name})")
        if rt.synthesizing:
            rt.signal("error", f"pLLM {name} can be changed only outside synthesis "
                               "(not by code that runs while a method is found)")
        if name not in ANNOUNCED or rt.loading_kernel:
            return
        before = history.slot_state(obj, name)  # type: ignore[arg-type]
        if before[0] is None or before[1] == value:
            return
        shown = "nil" if value is rt.nil else repr(value)
        rt.notify(f"pLLM {name} is now {shown}: prompts for synthesis go "
                  f"{'to the model server there' if name == 'url' else 'to that backend'}")
        history.record(rt, obj, name, before, (before[0], value), "setting")  # type: ignore[arg-type]

    rt.guard(holder, check)  # type: ignore[arg-type]
