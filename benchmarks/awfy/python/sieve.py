"""Sieve of Eratosthenes over 5000 flags (AWFY Sieve)."""

from benchmark import Benchmark


class Sieve(Benchmark):
    def benchmark(self):
        flags = [True] * 5000
        return self.sieve(flags, 5000)

    @staticmethod
    def sieve(flags, size):
        count = 0
        for i in range(2, size + 1):
            if flags[i - 1]:
                count += 1
                k = i + i
                while k <= size:
                    flags[k - 1] = False
                    k += i
        return count

    def verify_result(self, result):
        return result == 669
