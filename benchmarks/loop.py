"""Python twin of loop.self."""

import sys


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 3000000
    total = 0
    for i in range(1, size + 1):
        total = total + i
    print(total)


main()
