"""Python twin of dispatch.self."""

import sys


class Square:
    def __init__(self):
        self.side = 2

    def area(self):
        return self.side * self.side


class Rectangle:
    def __init__(self):
        self.w = 2
        self.h = 3

    def area(self):
        return self.w * self.h


class Triangle:
    def __init__(self):
        self.b = 4
        self.h = 5

    def area(self):
        return self.b * self.h // 2


def main():
    shapes = [Square(), Rectangle(), Triangle()]
    total = 0
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3333334
    for _ in range(1, rounds + 1):
        total = total + shapes[0].area() + shapes[1].area() + shapes[2].area()
    print(total)


main()
