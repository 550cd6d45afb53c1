"""The Mandelbrot set as a bitmap, XOR-folded into one number (AWFY Mandelbrot).

The problem size is the inner iteration count; only sizes with a known
answer can be verified.
"""

from benchmark import Benchmark

EXPECTED = {500: 191, 750: 50, 1: 128}


class Mandelbrot(Benchmark):
    def inner_benchmark_loop(self, inner_iterations):
        return self.verify(self.mandelbrot(inner_iterations), inner_iterations)

    @staticmethod
    def verify(result, inner_iterations):
        if inner_iterations in EXPECTED:
            return result == EXPECTED[inner_iterations]
        print(f"no verification result for {inner_iterations}; the result is {result}")
        return False

    @staticmethod
    def mandelbrot(size):
        total = 0
        byte_acc = 0
        bit_num = 0
        y = 0
        while y < size:
            ci = (2.0 * y / size) - 1.0
            x = 0
            while x < size:
                zrzr = 0.0
                zi = 0.0
                zizi = 0.0
                cr = (2.0 * x / size) - 1.5
                z = 0
                not_done = True
                escape = 0
                while not_done and z < 50:
                    zr = zrzr - zizi + cr
                    zi = 2.0 * zr * zi + ci
                    zrzr = zr * zr
                    zizi = zi * zi
                    if zrzr + zizi > 4.0:
                        not_done = False
                        escape = 1
                    z += 1
                byte_acc = (byte_acc << 1) + escape
                bit_num = bit_num + 1
                if bit_num == 8:
                    total ^= byte_acc
                    byte_acc = 0
                    bit_num = 0
                elif x == size - 1:
                    byte_acc <<= 8 - bit_num
                    total ^= byte_acc
                    byte_acc = 0
                    bit_num = 0
                x += 1
            y += 1
        return total
