"""Python twin of loop.self."""


def main():
    total = 0
    for i in range(1, 3000001):
        total = total + i
    print(total)


main()
