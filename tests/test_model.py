"""The model side of synthesis: the real bundled model through llama.cpp, the
HTTP backend against a local OpenAI-style server, the grammar, the budget,
`selfpy model` and `selfpy synth-bench`."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import lark
import pytest
from helpers import run

import selfpy
from selfpy.errors import NotUnderstoodError
from selfpy.syntax import gbnf
from selfpy.syntax.parser import _parser
from selfpy.synthesis import model
from selfpy.vm.budget import BudgetExceeded, limited

# The model is the only source here (the others would find these methods themselves);
# one example only: the model has to generalize, and the checks below use other strings.
REVERSE = ("pLLM sources: (pLLM sources select: [:s | s name = 'model']). "
           "traits string expects: 'reverse' examples: {'''abc'' reverse = ''cba'''}. "
           "'hello' reverse")
# The sources without the finder, which would find these methods first.
NO_FINDER = "pLLM candidateSources: {'retrieved'. 'accessor'. 'model'}. "


# ---- the real model ---------------------------------------------------------------------
# What these tests check is what a user sees: a method is installed, it answers checks it
# was never shown, its provenance says it came from the model, and the same seed gives the
# same method again. The exact text a sample has depends on llama.cpp's version, the CPU
# and the thread count as much as on the seed, so no test here pins it; exact text is
# checked with the scripted backend in test_synthesis.py.
@pytest.mark.model
@pytest.mark.timeout(1500)  # two runs, each allowed 600 s
def test_a_script_synthesizes_with_the_bundled_model(tmp_path: Path) -> None:
    script = tmp_path / "grow.self"
    script.write_text("pLLM deadline: 600.\n"  # a loaded machine is slow: time is not tested
                      + REVERSE + " printLine.\n"
                      "(((reflect: traits string) provenanceOf: 'reverse') at: 'source')"
                      " printLine.\n"
                      "{'stressed' reverse. '' reverse. 'ab' reverse} printLine.\n"
                      "(traits string methodSourceAt: 'reverse') printLine.\n")
    first = run("--memory", "--synthesize", "auto", str(script), timeout=600)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[:3] == ["'olleh'", "'model'", "{'desserts'. ''. 'ba'}"]
    assert len(lines) == 4 and lines[3].startswith("'(")  # the method's source, shown
    again = run("--memory", "--synthesize", "auto", str(script), timeout=600)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout  # the same seed, the same method


def test_the_deadline_stops_the_bundled_model_between_tokens() -> None:
    # in a process of its own: the weights it loads stay loaded for the process
    code = ("import time, selfpy\n"
            "from selfpy.synthesis import model\n"
            "w = selfpy.World(synthesize='auto')\n"
            "notes = []\n"
            "w.runtime.configure(notify=notes.append)\n"
            "model.backend(w.runtime).llama()\n"  # loaded before: the sampling is timed
            "w.execute(\"pLLM sources: (pLLM sources select: [:s | s name = 'model'])\")\n"
            "w.execute('pLLM deadline: 1; samples: 200; maxTokens: 200')\n"
            "started = time.monotonic()\n"
            "try:\n"
            "    w.eval(\"traits integer expects: 'zork' examples: {'3 zork = 99'}. 3 zork\")\n"
            "except selfpy.SelfpyError as error:\n"
            "    print(error.message)\n"
            "print(round(time.monotonic() - started, 2))\n"
            "print(notes[-1])\n"
            "w.execute('pLLM deadline: 600; samples: 1')\n"  # and the model still works after
            f"print(w.eval({REVERSE!r}))\n")
    lines = run_python(code, timeout=600).splitlines()
    assert lines[0] == "3 does not understand #zork"
    assert float(lines[1]) < 1 + 2.5, lines  # the deadline and a margin for a loaded machine
    assert lines[2].endswith("the model ran out of time (deadline 1 s)"), lines
    assert lines[3] == "olleh"


def test_the_deadline_stops_the_evaluation_of_a_long_prompt() -> None:
    # prompt evaluation is one long native call: llama.cpp's abort callback stops it
    code = ("import time\n"
            "from selfpy.synthesis import model\n"
            "from selfpy.vm.deadline import Deadline\n"
            "backend = model.LlamaBackend(model.bundled_model(), 2048, 1)\n"
            "backend.llama()\n"  # the weights loaded first: the evaluation is timed
            "short = [{'role': 'user', 'content': 'Write a method.'}]\n"
            "long = [{'role': 'user', 'content': 'the words ' * 900 + 'Write a method.'}]\n"
            "deadline = Deadline(0.1)\n"
            "started = time.monotonic()\n"
            "cut = backend.sample(long, None, 4, 1, 0.7, 8, deadline=deadline)\n"
            "print(len(cut), round(time.monotonic() - started, 2), deadline.ran_out)\n"
            "started = time.monotonic()\n"
            "whole = backend.sample(long, None, 1, 1, 0.7, 1)\n"
            "print(len(whole), round(time.monotonic() - started, 2))\n"
            "after = backend.sample(short, None, 1, 1, 0.7, 8)\n"  # and the model still works
            "print(len(after), bool(after[0].text.strip()))\n")
    lines = run_python(code, timeout=300).splitlines()
    count, seconds, what = lines[0].split(" ", 2)
    assert (count, what) == ("0", "the model"), lines
    assert float(seconds) < 0.1 + 2.5, lines  # the deadline and a margin for a loaded machine
    whole = lines[1].split()
    assert whole[0] == "1" and float(whole[1]) > 3 * 0.1, lines  # the evaluation takes longer
    assert lines[2] == "1 True", lines


def test_the_bundled_model_is_found_through_package_metadata() -> None:
    path = model.bundled_model()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert path.stat().st_size > 50_000_000


def test_weights_load_on_first_use_only() -> None:
    code = ("import sys, selfpy\n"
            "w = selfpy.World()\n"
            "print(w.eval('3 + 4'), w.eval('pLLM describe'), 'llama_cpp' in sys.modules)\n")
    result = run_python(code)
    assert result == "7 llama.cpp SmolLM2-135M-Instruct.Q4_1.gguf (loads on first use) False\n"


def run_python(code: str, timeout: float = 120) -> str:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.model
@pytest.mark.timeout(1500)
def test_model_import_stores_the_gguf_in_the_image(tmp_path: Path) -> None:
    image = tmp_path / "m.image"
    source = model.bundled_model()
    imported = run("--image", str(image), "model", "import", str(source), timeout=300)
    assert imported.returncode == 0, imported.stderr
    assert "stored SmolLM2-135M-Instruct.Q4_1.gguf" in imported.stdout
    info = run("--image", str(image), "model", "info")
    assert "model: image" in info.stdout
    blobs = list(Path(f"{image}.blobs").rglob("*.blob"))
    assert blobs and blobs[0].stat().st_size == source.stat().st_size
    grown = run("--image", str(image), "--synthesize", "auto", "-e",
                "pLLM deadline: 600. " + REVERSE, timeout=600)  # a loaded machine is slow
    assert grown.stdout == "'olleh'\n", grown.stderr
    kept = run("--image", str(image), "-e", "{'stressed' reverse. 'ab' reverse}")  # unseen
    assert kept.stdout == "{'desserts'. 'ba'}\n", kept.stderr
    provenance = run("--image", str(image), "-e",
                     "((reflect: traits string) provenanceOf: 'reverse') at: 'model sha256'")
    assert provenance.stdout.strip().strip("'") == model.file_digest(source)


def test_model_use_and_info(tmp_path: Path) -> None:
    image = tmp_path / "u.image"
    used = run("--image", str(image), "model", "use", "http://127.0.0.1:9/v1", "--name", "big")
    assert used.returncode == 0, used.stderr
    assert "http http://127.0.0.1:9/v1 (model big)" in used.stdout
    info = run("--image", str(image), "model", "info")
    assert "backend: http" in info.stdout and "samples: 4" in info.stdout
    missing = run("--image", str(image), "model", "use", str(tmp_path / "none.gguf"))
    assert missing.returncode == 1 and "no model file at" in missing.stderr
    back = run("--image", str(image), "model", "use", "default")
    assert "SmolLM2-135M-Instruct.Q4_1.gguf" in back.stdout


# ---- the HTTP backend -------------------------------------------------------------------
class _Completions(BaseHTTPRequestHandler):
    answers: list[str] = []
    requests: list[dict] = []
    status = 200

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, **body})
        if type(self).status != 200:
            self.send_response(type(self).status)
            self.end_headers()
            return
        text = type(self).answers[(len(type(self).requests) - 1) % len(type(self).answers)]
        reply = json.dumps({"choices": [{"text": text, "index": 0}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    _Completions.answers = ["( self + 10 )", "self * self * self"]
    _Completions.requests = []
    _Completions.status = 200
    httpd = HTTPServer(("127.0.0.1", 0), _Completions)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_http_backend_speaks_the_completions_api(server: str) -> None:
    with selfpy.World(synthesize="auto") as world:
        world.execute(NO_FINDER + f"pLLM backend: 'http'; url: '{server}'; modelName: 'local'; "
                      "samples: 2")
        assert world.eval("traits integer expects: 'cubed' examples: {'2 cubed = 8'}. "
                          "3 cubed") == 27
        first = _Completions.requests[0]
        assert first["path"] == "/v1/completions"
        assert first["model"] == "local" and first["seed"] == 1234
        assert "Write `cubed` for 3 (traits integer). Examples: 2 cubed = 8." in first["prompt"]
        assert first["grammar"].startswith("root ::= paren")
        provenance = world.eval("(reflect: traits integer) provenanceOf: 'cubed'").to_python()
        assert provenance["model"] == f"http {server} (model local)"
        assert provenance["seed"] == 1235


def test_a_failing_server_gives_the_ordinary_error(server: str) -> None:
    _Completions.status = 500
    with selfpy.World(synthesize="auto") as world:
        notes: list[str] = []
        world.runtime.configure(notify=notes.append)
        world.execute(NO_FINDER + f"pLLM backend: 'http'; url: '{server}'")
        with pytest.raises(NotUnderstoodError, match="3 does not understand #cubed"):
            world.eval("traits integer expects: 'cubed' examples: {'2 cubed = 8'}. 3 cubed")
        assert any("the model server at" in n and "500" in n for n in notes)


# ---- the grammar ----------------------------------------------------------------------
def test_every_sample_of_the_grammar_parses() -> None:
    grammar = gbnf.derive()
    rng = random.Random(20261122)
    parser = _parser()
    for _ in range(3000):
        text = gbnf.sample(rng, grammar)
        parser.parse(text, start="method_body")  # raises on any text selfpy cannot parse


def test_terminal_spellings_match_the_lark_terminals() -> None:
    source = (Path(__file__).resolve().parent.parent / "grammar" / "selfpy.lark").read_text()
    terminals = {t.name: t.pattern.to_regexp()
                 for t in lark.Lark(source, parser="lalr", start="method_body").terminals}
    grammar = gbnf.derive()
    rng = random.Random(1)
    for name in grammar.terminals:
        for _ in range(50):
            text = gbnf._spell(name, grammar, rng).rstrip(" ")
            assert re.fullmatch(terminals[name], text), (name, text)


def test_the_grammar_leaves_out_what_synthesized_code_must_not_write() -> None:
    text = gbnf.derive().text()
    assert "(|" not in text and "resend" not in text and '"_"' not in text
    assert "name-t ::= [a-z]" in text  # no name starts with '_': no primitive sends


def test_a_broken_grammar_never_reaches_llama_cpp() -> None:
    good = gbnf.derive()
    broken = gbnf.Grammar(dict(good.rules), dict(good.terminals), dict(good.literals))
    broken.rules["paren"] = gbnf.Rule("paren", [["lpar", "body", "rpar"]])
    with pytest.raises(gbnf.GrammarError, match="undefined"):
        gbnf.check(broken)
    looping = gbnf.Grammar(dict(good.rules), dict(good.terminals), dict(good.literals))
    looping.rules["body"] = gbnf.Rule("body", [["statements"], ["paren"]])
    looping.rules["paren"] = gbnf.Rule("paren", [["body", "RPAR"]])
    with pytest.raises(gbnf.GrammarError, match="left-recursive"):
        gbnf.check(looping)


# ---- the budget -----------------------------------------------------------------------
def test_the_budget_stops_a_loop_without_calls_and_one_with_calls() -> None:
    started = time.monotonic()
    with pytest.raises(BudgetExceeded, match=r"ran longer than 0\.3 s"), limited(10**9, 0.3):
        while True:
            pass
    assert time.monotonic() - started < 5

    def step() -> None:
        pass
    with pytest.raises(BudgetExceeded, match="more than 1000 steps"), limited(1000, 30):
        while True:  # calls, not recursion: the test does not depend on the recursion limit
            step()
    for _ in range(3):  # and nothing is left behind for later code
        with limited(1000, 0.2):
            total = sum(range(100))
        time.sleep(0.3)
    assert total == 4950


# ---- the benchmark command ------------------------------------------------------------
@pytest.mark.model  # the impossible task reaches the model
@pytest.mark.timeout(900)
def test_synth_bench_reports_each_task_and_the_totals(tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.toml"
    tasks.write_text('''
[[task]]
name = "length"
holder = "traits string"
selector = "length"
examples = ["'ab' length = 2"]
expression = "'abc' length"
expected = "3"
check = "'' length = 0"

[[task]]
name = "impossible"
holder = "traits integer"
selector = "zzz"
examples = ["3 zzz = 'never'"]
expression = "3 zzz"
expected = "'never'"
''')
    result = run("synth-bench", str(tasks), timeout=600)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.match(r"length\s+yes\s+yes\s+1\s+accessor", lines[1])
    assert re.match(r"impossible\s+no\s+no\s+\d+\s+-", lines[2])
    total = next(line for line in lines if line.startswith("total"))
    assert re.match(r"total\s+2\s+1 \(\s*50%\)\s+0\s+1\s+[\d.]+\s+[\d.]+\s+accessor 1$", total)


# ---- the decoding benchmark, short form -------------------------------------------------
DECODING = Path(__file__).resolve().parent.parent / "benchmarks" / "decoding.py"


def test_the_decoding_benchmark_short_form() -> None:
    done = subprocess.run([sys.executable, str(DECODING), "--short"], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 prompts, 3 constrained samples, 3 ended on their own, 0 of them did not parse" \
        in done.stdout
    assert re.search(r"constrained +\d+\.\d +\d+\.\d", done.stdout)  # tokens/s, ms/token


def test_the_decoding_benchmark_fails_when_a_sample_does_not_parse(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gbnf"
    broken.write_text('root ::= "( 3 + )"\n')  # what selfpy.lark would never allow
    done = subprocess.run([sys.executable, str(DECODING), "--short", "--grammar", str(broken)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    assert "DOES NOT PARSE" in done.stdout
    assert "FAILED: a constrained sample does not parse" in done.stderr


def test_a_token_the_grammar_refuses_is_drawn_again() -> None:
    # in a process of its own: this one must not have the weights loaded (see above)
    shown = run_python(
        "from selfpy.synthesis import decoding, model\n"
        "llama = model.LlamaBackend(model.bundled_model(), 2048, 1).llama()\n"
        "tokens = decoding.prompt_tokens(llama, [{'role': 'user', 'content': 'Say hello.'}])\n"
        "done = decoding.decode(llama, tokens, 'root ::= \"( self * 7 )\"', 1, 0.7, 20)\n"
        "free = decoding.decode(llama, tokens, None, 1, 0.7, 5)\n"
        "print(repr(done.text), done.ended, done.rechecked > 0, free.tokens, free.rechecked)\n")
    # the model wanted to say something else first; unconstrained, nothing is drawn again
    assert shown == "'( self * 7 )' True True 5 0\n"
