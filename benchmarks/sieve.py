"""Python twin of sieve.self."""

import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000000
    flags = [True] * n
    count = 0
    for i in range(2, n):
        if flags[i - 1]:
            count = count + 1
            for j in range(i * i, n, i):
                flags[j - 1] = False
    print(count)


main()
