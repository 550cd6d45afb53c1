"""The base of every Python twin: AWFY's inner benchmark loop."""


class Benchmark:
    """A benchmark answers a result from `benchmark` and checks it in `verify_result`."""

    def benchmark(self):
        raise NotImplementedError

    def verify_result(self, result):
        raise NotImplementedError

    def inner_benchmark_loop(self, inner_iterations):
        for _ in range(inner_iterations):
            if not self.verify_result(self.benchmark()):
                return False
        return True
