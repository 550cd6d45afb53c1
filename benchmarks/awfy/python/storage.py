"""Builds a tree of arrays of random sizes: allocation and GC (AWFY Storage)."""

from benchmark import Benchmark
from som import Random


class Storage(Benchmark):
    def __init__(self):
        self.count = 0

    def benchmark(self):
        random = Random()
        self.count = 0
        self.build_tree_depth(7, random)
        return self.count

    def build_tree_depth(self, depth, random):
        self.count += 1
        if depth == 1:
            return [None] * (random.next() % 10 + 1)
        array = [None] * 4
        for i in range(4):
            array[i] = self.build_tree_depth(depth - 1, random)
        return array

    def verify_result(self, result):
        return result == 5461
