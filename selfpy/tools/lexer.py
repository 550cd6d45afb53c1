"""A Pygments lexer for selfpy, registered as `selfpy` (`pygmentize -l selfpy file.self`).

It marks keyword selectors, binary selectors, literals, comments, the
pseudo-variables (`self`, `true`, `false`, `nil`, `resend.`, `super`), slot
definitions and parent slots, block arguments, `:=` and `^`.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, include, words
from pygments.token import (
    Comment,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Whitespace,
)

_OPERATOR = r"[-+*/\\<>=~@%&?,!|]+"


class SelfpyLexer(RegexLexer):
    """selfpy: Smalltalk message syntax with Self object literals."""

    name = "selfpy"
    aliases = ["selfpy", "self-lang"]
    filenames = ["*.self"]
    mimetypes = ["text/x-selfpy"]

    tokens = {
        # the same in code at the top and inside methods and blocks
        "literals": [
            (r'"[^"]*"?', Comment),
            (r"'(?:[^']|'')*'?", String),
            (r"\$.", String.Char),
            (r"#(?:[A-Za-z_][A-Za-z0-9_]*:?)+|#" + _OPERATOR + r"|#'(?:[^']|'')*'", String.Symbol),
            (r"-?\d+r[0-9A-Za-z]+|-?\d+(?:\.\d+)?(?:[eE]-?\d+)?", Number),
            (r"(resend\.|super\b)", Keyword.Pseudo),
            (words(("self", "true", "false", "nil"), suffix=r"\b"), Keyword.Constant),
        ],
        "names": [
            (r":[A-Za-z_][A-Za-z0-9_]*", Name.Variable),
            (r":=", Operator),
            (r"\^", Keyword),
            (r"[A-Za-z_][A-Za-z0-9_]*:(?!=)", Name.Function),
            (r"[A-Za-z_][A-Za-z0-9_]*", Name),
        ],
        "root": [
            (r"\s+", Whitespace),
            include("literals"),
            (r"(\()(\|)", bygroups(Punctuation, Punctuation), "slots"),
            include("names"),
            (r"[()\[\]{}.;]", Punctuation),
            (_OPERATOR, Operator),
            (r".", Text),
        ],
        "slots": [
            (r"\s+", Whitespace),
            (r'"[^"]*"?', Comment),
            (r"(\|)(\s*\))", bygroups(Punctuation, Punctuation), "#pop"),
            (r"\|", Punctuation, "#pop"),
            (r"([A-Za-z_][A-Za-z0-9_]*)(\*)", bygroups(Name.Class, Operator)),
            (r"([A-Za-z_][A-Za-z0-9_]*:)(\s*)([A-Za-z_][A-Za-z0-9_]*)",
             bygroups(Name.Function, Whitespace, Name.Variable)),
            (r"[A-Za-z_][A-Za-z0-9_]*:", Name.Function),
            (r"(" + _OPERATOR + r")(\s+)([A-Za-z_][A-Za-z0-9_]*)(\s*)(=)",
             bygroups(Name.Function, Whitespace, Name.Variable, Whitespace, Operator)),
            (r"([A-Za-z_][A-Za-z0-9_]*)(\s*)(=|<-)",
             bygroups(Name.Attribute, Whitespace, Operator)),
            (r":[A-Za-z_][A-Za-z0-9_]*", Name.Variable),
            (r"\.", Punctuation),
            (r"\(", Punctuation, "code"),
            (r"\[", Punctuation, "code"),
            (r"\{", Punctuation, "code"),
            (r"'(?:[^']|'')*'?", String),
            (r"\$.", String.Char),
            (r"#(?:[A-Za-z_][A-Za-z0-9_]*:?)+|#" + _OPERATOR, String.Symbol),
            (r"-?\d+r[0-9A-Za-z]+|-?\d+(?:\.\d+)?(?:[eE]-?\d+)?", Number),
            (words(("self", "true", "false", "nil"), suffix=r"\b"), Keyword.Constant),
            (r"[A-Za-z_][A-Za-z0-9_]*", Name),
            (_OPERATOR, Operator),
            (r".", Text),
        ],
        "code": [
            (r"[)\]}]", Punctuation, "#pop"),
            (r"(\()(\|)", bygroups(Punctuation, Punctuation), "slots"),
            (r"[(\[{]", Punctuation, "#push"),
            include("literals"),
            include("names"),
            (r"\s+", Whitespace),
            (r"[.;]", Punctuation),
            (_OPERATOR, Operator),
            (r".", Text),
        ],
    }
