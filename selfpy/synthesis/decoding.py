"""Decoding a method body with llama.cpp in this process: sample, then check.

llama.cpp's grammar sampler, put in front of the sampling chain (as
llama-cpp-python does), checks every token of the vocabulary (49,152 for
SmolLM2) against the grammar before each token is drawn. That costs the same
whether the grammar is small or large: measured at about 10 ms a token, more
than half of what the small model needs to compute the token at all.

So a token is drawn as if there were no grammar (top-k, top-p, min-p,
temperature, then the seeded draw), and only that one token is checked
against the grammar. Most tokens the model wants are allowed; only when the
drawn token is not does the grammar filter the whole vocabulary and the
chain draw again from what is left. This is what llama.cpp's own command
line tools do (`common_sampler_sample`). Without top-k/top-p/min-p it draws
from exactly the grammar-filtered distribution (an allowed token of
probability p is taken with p the first time, and with (1 - Z) p / Z the
second, p / Z in all); with them, the cut-offs apply before the check
instead of after it, a difference the samples of a small model do not show.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable
from dataclasses import dataclass, field

TOP_K = 40  # llama-cpp-python's defaults, which create_chat_completion used
TOP_P = 0.95
MIN_P = 0.05


class DecodingError(Exception):
    """llama.cpp refused the grammar or the prompt."""


@dataclass
class Decoded:
    text: str
    tokens: int  # tokens drawn (the end-of-generation token not counted)
    ended: bool  # True when the model ended it, False when it hit the token limit
    rechecked: int = 0  # tokens the grammar refused at first, drawn again
    rechecked_at: list[int] = field(default_factory=list)  # their positions (0: the first)


def prompt_tokens(llama: object, messages: list[dict]) -> list[int]:
    """The chat as tokens, through the model's own chat template (ChatML without one)."""
    from llama_cpp import llama_chat_format

    template = llama.metadata.get("tokenizer.chat_template")  # type: ignore[attr-defined]
    if template:
        vocab = llama._model  # type: ignore[attr-defined]
        formatter = llama_chat_format.Jinja2ChatFormatter(
            template=template, eos_token=vocab.token_get_text(vocab.token_eos()),
            bos_token=vocab.token_get_text(vocab.token_bos()))
        formatted = formatter(messages=messages)
        return llama.tokenize(formatted.prompt.encode(),  # type: ignore[attr-defined]
                              add_bos=not formatted.added_special, special=True)
    turns = [f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages]
    text = "".join(turns) + "<|im_start|>assistant\n"
    return llama.tokenize(text.encode(), add_bos=False, special=True)  # type: ignore[attr-defined]


def decode(llama: object, tokens: list[int], grammar: str | None, seed: int,
           temperature: float, max_tokens: int,
           on_token: Callable[[int], None] | None = None) -> Decoded:
    """Continue `tokens` with at most `max_tokens` tokens, under `grammar` (GBNF) if given.

    `on_token` is called before each token is drawn, with the count so far;
    it may raise to stop decoding between two tokens.
    """
    import numpy as np
    from llama_cpp import _internals
    from llama_cpp import llama_cpp as native

    model = llama._model  # type: ignore[attr-defined]
    vocab = native.llama_model_get_vocab(llama.model)  # type: ignore[attr-defined]
    n_vocab = llama.n_vocab()  # type: ignore[attr-defined]
    chain = native.llama_sampler_chain_init(native.llama_sampler_chain_default_params())
    for sampler in (native.llama_sampler_init_top_k(TOP_K),
                    native.llama_sampler_init_top_p(TOP_P, 1),
                    native.llama_sampler_init_min_p(MIN_P, 1),
                    native.llama_sampler_init_temp(temperature),
                    native.llama_sampler_init_dist(seed & 0xFFFFFFFF)):
        native.llama_sampler_chain_add(chain, sampler)
    check = None
    if grammar:
        check = native.llama_sampler_init_grammar(vocab, grammar.encode(), b"root")
        if not check:
            native.llama_sampler_free(chain)
            raise DecodingError("llama.cpp refused the grammar")
    everything = _internals.LlamaTokenDataArray(n_vocab=n_vocab)
    one_data = (native.llama_token_data * 1)()
    one = native.llama_token_data_array(data=one_data, size=1, selected=-1, sorted=False)
    drawn: list[int] = []
    rechecked_at: list[int] = []
    ended = False
    try:
        _evaluate_prompt(llama, tokens)
        while len(drawn) < max_tokens:
            if on_token is not None:
                on_token(len(drawn))
            logits = np.ctypeslib.as_array(native.llama_get_logits_ith(llama.ctx, -1),
                                           shape=(n_vocab,))
            everything.copy_logits(logits)
            native.llama_sampler_apply(chain, ctypes.byref(everything.candidates))
            token = int(everything.candidates_data.id[everything.candidates.selected])
            if check is not None:
                one_data[0].id, one_data[0].logit, one_data[0].p = token, 0.0, 0.0
                one.size, one.selected = 1, -1
                native.llama_sampler_apply(check, ctypes.byref(one))
                if math.isinf(one_data[0].logit):  # not allowed here: filter, draw again
                    rechecked_at.append(len(drawn))
                    everything.copy_logits(logits)
                    native.llama_sampler_apply(check, ctypes.byref(everything.candidates))
                    native.llama_sampler_apply(chain, ctypes.byref(everything.candidates))
                    token = int(everything.candidates_data.id[everything.candidates.selected])
                native.llama_sampler_accept(check, token)
            native.llama_sampler_accept(chain, token)
            if native.llama_vocab_is_eog(vocab, token):
                ended = True
                break
            drawn.append(token)
            llama.eval([token])  # type: ignore[attr-defined]
    finally:
        native.llama_sampler_free(chain)
        if check is not None:
            native.llama_sampler_free(check)
    text = model.detokenize(drawn, special=False).decode("utf-8", errors="replace")
    return Decoded(text, len(drawn), ended, len(rechecked_at), rechecked_at)


def _evaluate_prompt(llama: object, tokens: list[int]) -> None:
    """Evaluate the prompt, keeping what the context already holds of it (the samples of
    one request share their prompt)."""
    held = llama.input_ids[:llama.n_tokens].tolist()  # type: ignore[attr-defined]
    same = 0
    for a, b in zip(held, tokens, strict=False):
        if a != b:
            break
        same += 1
    same = min(same, len(tokens) - 1)  # evaluate at least the last token, for its logits
    llama.n_tokens = same  # type: ignore[attr-defined]
    llama.eval(tokens[same:])  # type: ignore[attr-defined]
