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

import hashlib
import importlib.metadata
import json
import os
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import SelfpyError
from ..resources import read_toml

if TYPE_CHECKING:
    from ..vm.runtime import Runtime

SETTINGS = ("backend", "model", "url", "modelName", "context", "samples", "temperature",
            "seed", "maxTokens", "steps", "seconds", "httpTimeout")
_MANIFEST_KEYS = {"context": "context", "samples": "samples", "temperature": "temperature",
                  "seed": "seed", "maxTokens": "max_tokens", "steps": "steps",
                  "seconds": "seconds", "httpTimeout": "http_timeout"}
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


class Backend(Protocol):
    """Something that writes method bodies from a chat prompt."""

    def describe(self) -> str: ...

    def digest(self) -> str: ...

    def sample(self, messages: list[dict], grammar: str | None, count: int, seed: int,
               temperature: float, max_tokens: int) -> list[Sample]: ...


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
        try:
            value = rt.send(holder, name)
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
                    http_timeout=float(values["httpTimeout"]))


@lru_cache(maxsize=1)
def bundled_model() -> Path:
    """The GGUF file inside the package named by the manifest, found through the package's
    installed file list (the package itself is never imported)."""
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
    return LlamaBackend(model_path(rt, chosen), chosen.context)


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
    state = "loaded" if (str(path), chosen.context) in _LOADED else "loads on first use"
    return f"llama.cpp {path.name} ({state})"


# ---- llama.cpp in process ---------------------------------------------------------------
_LOADED: dict[tuple[str, int], object] = {}
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

    def __init__(self, path: Path, context: int) -> None:
        self.path = path
        self.context = context

    def describe(self) -> str:
        return f"llama.cpp {self.path.name}"

    def digest(self) -> str:
        return file_digest(self.path)

    def _llama(self) -> object:
        key = (str(self.path), self.context)
        with _LOAD_LOCK:
            if key not in _LOADED:
                _LOADED[key] = _load_llama(self.path, self.context)
            return _LOADED[key]

    def sample(self, messages: list[dict], grammar: str | None, count: int, seed: int,
               temperature: float, max_tokens: int) -> list[Sample]:
        from llama_cpp import LlamaGrammar

        llama = self._llama()
        constraint = LlamaGrammar.from_string(grammar, verbose=False) if grammar else None
        samples = []
        for i in range(count):
            answer = llama.create_chat_completion(  # type: ignore[attr-defined]
                messages=messages, grammar=constraint, temperature=temperature,
                seed=seed + i, max_tokens=max_tokens)
            samples.append(Sample(answer["choices"][0]["message"]["content"] or "", seed + i))
        return samples


def _load_llama(path: Path, context: int) -> object:
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
        return Llama(model_path=str(path), n_ctx=context, verbose=False,
                     n_threads=max(1, min(4, os.cpu_count() or 1)))
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
               temperature: float, max_tokens: int) -> list[Sample]:
        prompt = chatml(messages)
        samples = []
        for i in range(count):
            body = {"model": self.model_name, "prompt": prompt, "max_tokens": max_tokens,
                    "temperature": temperature, "seed": seed + i, "n": 1,
                    "stop": ["<|im_end|>", "\n\n"]}
            if grammar:
                body["grammar"] = grammar
            request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
                f"{self.url}/v1/completions", data=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"}, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    answer = json.load(response)
                text = answer["choices"][0]["text"]
            except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError,
                    IndexError, TypeError) as error:
                raise ModelError(f"the model server at {self.url} failed: {error}") from None
            samples.append(Sample(str(text), seed + i))
        return samples


def chatml(messages: list[dict]) -> str:
    """Messages as one ChatML prompt, ending where the assistant answers."""
    turns = [f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages]
    return "".join(turns) + "<|im_start|>assistant\n"
