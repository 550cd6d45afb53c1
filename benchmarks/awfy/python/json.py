"""A JSON parser reading a 26 KB document of a web UI's operations (AWFY Json).

The document is the benchmark's input; it is kept once, in json.self, and
read from there so both sides parse the same text.
"""

import re
from pathlib import Path

from benchmark import Benchmark
from som import Vector

RAP_BENCHMARK_MINIFIED = re.search(
    r"rapBenchmarkMinified = '([^']*)'",
    (Path(__file__).parent.parent / "json.self").read_text(encoding="utf-8")).group(1)


class Json(Benchmark):
    def benchmark(self):
        return Parser(RAP_BENCHMARK_MINIFIED).parse()

    def verify_result(self, result):
        if not result.is_object():
            return False
        if not result.as_object().get("head").is_object():
            return False
        if not result.as_object().get("operations").is_array():
            return False
        return result.as_object().get("operations").as_array().size() == 156


class ParseError(Exception):
    def __init__(self, message, offset, line, column):
        super().__init__(message)
        self.offset = offset
        self.line = line
        self.column = column


class JsonValue:
    def is_object(self):
        return False

    def is_array(self):
        return False

    def is_number(self):
        return False

    def is_string(self):
        return False

    def is_boolean(self):
        return False

    def is_true(self):
        return False

    def is_false(self):
        return False

    def is_null(self):
        return False

    def as_object(self):
        raise TypeError(f"not an object: {self}")

    def as_array(self):
        raise TypeError(f"not an array: {self}")


class JsonLiteral(JsonValue):
    def __init__(self, value):
        self.value = value
        self.null = value == "null"
        self.true = value == "true"
        self.false = value == "false"

    def is_null(self):
        return self.null

    def is_true(self):
        return self.true

    def is_false(self):
        return self.false

    def is_boolean(self):
        return self.true or self.false

    def as_string(self):
        return self.value


LITERAL_NULL = JsonLiteral("null")
LITERAL_TRUE = JsonLiteral("true")
LITERAL_FALSE = JsonLiteral("false")


class JsonArray(JsonValue):
    def __init__(self):
        self.values = Vector()

    def add(self, value):
        if value is None:
            raise ValueError("value is null")
        self.values.append(value)
        return self

    def size(self):
        return self.values.size()

    def get(self, index):
        return self.values.at(index)

    def is_array(self):
        return True

    def as_array(self):
        return self


class JsonNumber(JsonValue):
    def __init__(self, string):
        if string is None:
            raise ValueError("string is null")
        self.string = string

    def as_string(self):
        return self.string

    def is_number(self):
        return True


class JsonString(JsonValue):
    def __init__(self, string):
        self.string = string

    def is_string(self):
        return True


class HashIndexTable:
    def __init__(self):
        self.hash_table = [0] * 32

    def add(self, name, index):
        slot = self.hash_slot_for(name)
        if index < 0xFF:
            self.hash_table[slot] = (index + 1) & 0xFF
        else:
            self.hash_table[slot] = 0

    def get(self, name):
        slot = self.hash_slot_for(name)
        return (self.hash_table[slot] & 0xFF) - 1

    @staticmethod
    def string_hash(s):
        return len(s) * 1402589

    def hash_slot_for(self, element):
        return self.string_hash(element) & len(self.hash_table) - 1


class JsonObject(JsonValue):
    def __init__(self):
        self.names = Vector()
        self.values = Vector()
        self.table = HashIndexTable()

    def add(self, name, value):
        if name is None:
            raise ValueError("name is null")
        if value is None:
            raise ValueError("value is null")
        self.table.add(name, self.names.size())
        self.names.append(name)
        self.values.append(value)
        return self

    def get(self, name):
        if name is None:
            raise ValueError("name is null")
        index = self.index_of(name)
        return None if index == -1 else self.values.at(index)

    def size(self):
        return self.names.size()

    def is_empty(self):
        return self.names.is_empty()

    def is_object(self):
        return True

    def as_object(self):
        return self

    def index_of(self, name):
        index = self.table.get(name)
        if index != -1 and name == self.names.at(index):
            return index
        raise NotImplementedError("not needed by the benchmark")


class Parser:
    def __init__(self, string):
        self.input = string
        self.index = -1
        self.line = 1
        self.capture_start = -1
        self.column = 0
        self.current = None
        self.capture_buffer = ""

    def parse(self):
        self.read()
        self.skip_white_space()
        result = self.read_value()
        self.skip_white_space()
        if not self.is_end_of_text():
            raise self.error("Unexpected character")
        return result

    def read_value(self):
        if self.current == "n":
            return self.read_null()
        if self.current == "t":
            return self.read_true()
        if self.current == "f":
            return self.read_false()
        if self.current == '"':
            return self.read_string()
        if self.current == "[":
            return self.read_array()
        if self.current == "{":
            return self.read_object()
        if (self.current == "-" or self.current == "0" or self.current == "1"
                or self.current == "2" or self.current == "3" or self.current == "4"
                or self.current == "5" or self.current == "6" or self.current == "7"
                or self.current == "8" or self.current == "9"):
            return self.read_number()
        raise self.expected("value")

    def read_array_element(self, array):
        self.skip_white_space()
        array.add(self.read_value())
        self.skip_white_space()

    def read_array(self):
        self.read()
        array = JsonArray()
        self.skip_white_space()
        if self.read_char("]"):
            return array
        self.read_array_element(array)
        while self.read_char(","):
            self.read_array_element(array)
        if not self.read_char("]"):
            raise self.expected("',' or ']'")
        return array

    def read_object_key_value_pair(self, obj):
        self.skip_white_space()
        name = self.read_name()
        self.skip_white_space()
        if not self.read_char(":"):
            raise self.expected("':'")
        self.skip_white_space()
        obj.add(name, self.read_value())
        self.skip_white_space()

    def read_object(self):
        self.read()
        obj = JsonObject()
        self.skip_white_space()
        if self.read_char("}"):
            return obj
        self.read_object_key_value_pair(obj)
        while self.read_char(","):
            self.read_object_key_value_pair(obj)
        if not self.read_char("}"):
            raise self.expected("',' or '}'")
        return obj

    def read_name(self):
        if self.current != '"':
            raise self.expected("name")
        return self.read_string_internal()

    def read_null(self):
        self.read()
        self.read_required_char("u")
        self.read_required_char("l")
        self.read_required_char("l")
        return LITERAL_NULL

    def read_true(self):
        self.read()
        self.read_required_char("r")
        self.read_required_char("u")
        self.read_required_char("e")
        return LITERAL_TRUE

    def read_false(self):
        self.read()
        self.read_required_char("a")
        self.read_required_char("l")
        self.read_required_char("s")
        self.read_required_char("e")
        return LITERAL_FALSE

    def read_required_char(self, ch):
        if not self.read_char(ch):
            raise self.expected("'" + ch + "'")

    def read_string(self):
        return JsonString(self.read_string_internal())

    def read_string_internal(self):
        self.read()
        self.start_capture()
        while self.current != '"':
            if self.current == "\\":
                self.pause_capture()
                self.read_escape()
                self.start_capture()
            else:
                self.read()
        string = self.end_capture()
        self.read()
        return string

    def read_escape_char(self):
        if self.current == '"':
            return '"'
        if self.current == "/":
            return "/"
        if self.current == "\\":
            return "\\"
        if self.current == "b":
            return "\b"
        if self.current == "f":
            return "\f"
        if self.current == "n":
            return "\n"
        if self.current == "r":
            return "\r"
        if self.current == "t":
            return "\t"
        raise self.expected("valid escape sequence")

    def read_escape(self):
        self.read()
        self.capture_buffer += self.read_escape_char()
        self.read()

    def read_number(self):
        self.start_capture()
        self.read_char("-")
        first_digit = self.current
        if not self.read_digit():
            raise self.expected("digit")
        if first_digit != "0":
            while self.read_digit():
                pass
        self.read_fraction()
        self.read_exponent()
        return JsonNumber(self.end_capture())

    def read_fraction(self):
        if not self.read_char("."):
            return False
        if not self.read_digit():
            raise self.expected("digit")
        while self.read_digit():
            pass
        return True

    def read_exponent(self):
        if not self.read_char("e") and not self.read_char("E"):
            return False
        if not self.read_char("+"):
            self.read_char("-")
        if not self.read_digit():
            raise self.expected("digit")
        while self.read_digit():
            pass
        return True

    def read_char(self, ch):
        if self.current != ch:
            return False
        self.read()
        return True

    def read_digit(self):
        if not self.is_digit():
            return False
        self.read()
        return True

    def skip_white_space(self):
        while self.is_white_space():
            self.read()

    def read(self):
        if self.current == "\n":
            self.line += 1
            self.column = 0
        self.index += 1
        self.column += 1
        if self.index < len(self.input):
            self.current = self.input[self.index]
        else:
            self.current = None

    def start_capture(self):
        self.capture_start = self.index

    def pause_capture(self):
        end = self.index if self.current is None else self.index - 1
        self.capture_buffer += self.input[self.capture_start:end + 1]
        self.capture_start = -1

    def end_capture(self):
        end = self.index if self.current is None else self.index - 1
        if self.capture_buffer == "":
            captured = self.input[self.capture_start:end + 1]
        else:
            self.capture_buffer += self.input[self.capture_start:end + 1]
            captured = self.capture_buffer
            self.capture_buffer = ""
        self.capture_start = -1
        return captured

    def expected(self, expected):
        if self.is_end_of_text():
            return self.error("Unexpected end of input")
        return self.error("Expected " + expected)

    def error(self, message):
        return ParseError(message, self.index, self.line, self.column - 1)

    def is_white_space(self):
        return (self.current == " " or self.current == "\t" or self.current == "\n"
                or self.current == "\r")

    def is_digit(self):
        return (self.current == "0" or self.current == "1" or self.current == "2"
                or self.current == "3" or self.current == "4" or self.current == "5"
                or self.current == "6" or self.current == "7" or self.current == "8"
                or self.current == "9")

    def is_end_of_text(self):
        return self.current is None
