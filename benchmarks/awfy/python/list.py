"""Recursive list tails, the Takeuchi function on linked lists (AWFY List)."""

from benchmark import Benchmark


class Element:
    def __init__(self, value):
        self.val = value
        self.next = None

    def length(self):
        if self.next is None:
            return 1
        return 1 + self.next.length()


class List(Benchmark):
    def benchmark(self):
        result = self.tail(self.make_list(15), self.make_list(10), self.make_list(6))
        return result.length()

    def make_list(self, length):
        if length == 0:
            return None
        element = Element(length)
        element.next = self.make_list(length - 1)
        return element

    @staticmethod
    def is_shorter_than(x, y):
        x_tail = x
        y_tail = y
        while y_tail is not None:
            if x_tail is None:
                return True
            x_tail = x_tail.next
            y_tail = y_tail.next
        return False

    def tail(self, x, y, z):
        if self.is_shorter_than(y, x):
            return self.tail(self.tail(x.next, y, z), self.tail(y.next, z, x),
                             self.tail(z.next, x, y))
        return z

    def verify_result(self, result):
        return result == 10
