"""The small core library the Python twins share (AWFY's `som` package).

Vector (growable, 0-based here), Random (AWFY's fixed generator),
Dictionary and IdentityDictionary (chained hashing over a power-of-two
table), Set and IdentitySet (linear search over a Vector).
"""

INITIAL_SIZE = 10
INITIAL_CAPACITY = 16


class Random:
    def __init__(self):
        self.seed = 74755

    def next(self):
        self.seed = ((self.seed * 1309) + 13849) & 65535
        return self.seed


def vector_with(element):
    vector = Vector(1)
    vector.append(element)
    return vector


class Vector:
    def __init__(self, size=0):
        self.storage = None if size == 0 else [None] * size
        self.first_idx = 0
        self.last_idx = 0

    def at(self, idx):
        if self.storage is None or idx >= len(self.storage):
            return None
        return self.storage[idx]

    def at_put(self, idx, value):
        if self.storage is None:
            self.storage = [None] * max(idx + 1, INITIAL_SIZE)
        elif idx >= len(self.storage):
            new_length = len(self.storage)
            while new_length <= idx:
                new_length *= 2
            new_storage = [None] * new_length
            for i in range(len(self.storage)):
                new_storage[i] = self.storage[i]
            self.storage = new_storage
        self.storage[idx] = value
        if self.last_idx < idx + 1:
            self.last_idx = idx + 1

    def append(self, element):
        if self.storage is None:
            self.storage = [None] * INITIAL_SIZE
        elif self.last_idx >= len(self.storage):
            new_storage = [None] * (2 * len(self.storage))
            for i in range(len(self.storage)):
                new_storage[i] = self.storage[i]
            self.storage = new_storage
        self.storage[self.last_idx] = element
        self.last_idx += 1

    def is_empty(self):
        return self.last_idx == self.first_idx

    def for_each(self, fn):
        for i in range(self.first_idx, self.last_idx):
            fn(self.storage[i])

    def has_some(self, fn):
        for i in range(self.first_idx, self.last_idx):
            if fn(self.storage[i]):
                return True
        return False

    def get_one(self, fn):
        for i in range(self.first_idx, self.last_idx):
            element = self.storage[i]
            if fn(element):
                return element
        return None

    def first(self):
        if self.is_empty():
            return None
        return self.storage[self.first_idx]

    def remove_first(self):
        if self.is_empty():
            return None
        self.first_idx += 1
        return self.storage[self.first_idx - 1]

    def remove(self, obj):
        if self.storage is None or self.is_empty():
            return False
        new_array = [None] * self.capacity()
        new_last = 0
        found = False
        for i in range(self.first_idx, self.last_idx):
            item = self.storage[i]
            if item is obj:
                found = True
            else:
                new_array[new_last] = item
                new_last += 1
        self.storage = new_array
        self.last_idx = new_last
        self.first_idx = 0
        return found

    def remove_all(self):
        self.first_idx = 0
        self.last_idx = 0
        if self.storage is not None:
            self.storage = [None] * len(self.storage)

    def size(self):
        return self.last_idx - self.first_idx

    def capacity(self):
        return 0 if self.storage is None else len(self.storage)

    def sort(self, compare):
        """Sort with `compare(a, b)` answering <0, 0 or >0 (AWFY's quicksort)."""
        if self.size() > 0:
            self.sort_range(self.first_idx, self.last_idx - 1, compare)

    def sort_range(self, i, j, compare):
        n = j + 1 - i
        if n <= 1:
            return
        storage = self.storage
        di = storage[i]
        dj = storage[j]
        if compare(di, dj) > 0:
            storage[i], storage[j] = dj, di
            di, dj = dj, di
        if n > 2:
            ij = (i + j) // 2
            dij = storage[ij]
            if compare(di, dij) <= 0:
                if compare(dij, dj) > 0:
                    storage[j], storage[ij] = storage[ij], storage[j]
                    dij = dj
            else:
                storage[i], storage[ij] = storage[ij], storage[i]
                dij = di
            if n > 3:
                k = i
                last = j - 1
                while True:
                    while k <= last and compare(dij, storage[last]) <= 0:
                        last -= 1
                    k += 1
                    while k <= last and compare(storage[k], dij) <= 0:
                        k += 1
                    if k > last:
                        break
                    storage[k], storage[last] = storage[last], storage[k]
                self.sort_range(i, last, compare)
                self.sort_range(k, j, compare)


class Set:
    def __init__(self, size=INITIAL_SIZE):
        self.items = Vector(size)

    def size(self):
        return self.items.size()

    def for_each(self, block):
        self.items.for_each(block)

    def has_some(self, block):
        return self.items.has_some(block)

    def get_one(self, block):
        return self.items.get_one(block)

    def add(self, obj):
        if not self.contains(obj):
            self.items.append(obj)

    def remove_all(self):
        self.items.remove_all()

    def collect(self, block):
        result = Vector()
        self.for_each(lambda e: result.append(block(e)))
        return result

    def contains(self, obj):
        return self.has_some(lambda it: it == obj)


class IdentitySet(Set):
    def contains(self, obj):
        return self.has_some(lambda it: it is obj)


class Entry:
    def __init__(self, hash_, key, value, next_):
        self.hash = hash_
        self.key = key
        self.value = value
        self.next = next_

    def match(self, hash_, key):
        return self.hash == hash_ and key == self.key


class IdEntry(Entry):
    def match(self, hash_, key):
        return self.hash == hash_ and self.key is key


def key_hash(key):
    if key is None:
        return 0
    h = key.custom_hash()
    return h ^ h >> 16


class Dictionary:
    def __init__(self, size=INITIAL_CAPACITY):
        self.buckets = [None] * size
        self.count = 0

    def size(self):
        return self.count

    def is_empty(self):
        return self.count == 0

    def bucket_index(self, hash_):
        return (len(self.buckets) - 1) & hash_

    def at(self, key):
        hash_ = key_hash(key)
        e = self.buckets[self.bucket_index(hash_)]
        while e is not None:
            if e.match(hash_, key):
                return e.value
            e = e.next
        return None

    def contains_key(self, key):
        hash_ = key_hash(key)
        e = self.buckets[self.bucket_index(hash_)]
        while e is not None:
            if e.match(hash_, key):
                return True
            e = e.next
        return False

    def at_put(self, key, value):
        hash_ = key_hash(key)
        i = self.bucket_index(hash_)
        current = self.buckets[i]
        if current is None:
            self.buckets[i] = self.new_entry(key, value, hash_)
            self.count += 1
        else:
            self.insert_bucket_entry(key, value, hash_, current)
        if self.count > len(self.buckets):
            self.resize()

    def new_entry(self, key, value, hash_):
        return Entry(hash_, key, value, None)

    def insert_bucket_entry(self, key, value, hash_, head):
        current = head
        while True:
            if current.match(hash_, key):
                current.value = value
                return
            if current.next is None:
                self.count += 1
                current.next = self.new_entry(key, value, hash_)
                return
            current = current.next

    def resize(self):
        old = self.buckets
        self.buckets = [None] * (len(old) * 2)
        for i in range(len(old)):
            current = old[i]
            if current is not None:
                old[i] = None
                if current.next is None:
                    self.buckets[current.hash & (len(self.buckets) - 1)] = current
                else:
                    self.split_bucket(old, i, current)

    def split_bucket(self, old, i, head):
        lo_head = lo_tail = hi_head = hi_tail = None
        current = head
        while current is not None:
            if (current.hash & len(old)) == 0:
                if lo_tail is None:
                    lo_head = current
                else:
                    lo_tail.next = current
                lo_tail = current
            else:
                if hi_tail is None:
                    hi_head = current
                else:
                    hi_tail.next = current
                hi_tail = current
            current = current.next
        if lo_tail is not None:
            lo_tail.next = None
            self.buckets[i] = lo_head
        if hi_tail is not None:
            hi_tail.next = None
            self.buckets[i + len(old)] = hi_head

    def remove_all(self):
        self.buckets = [None] * len(self.buckets)
        self.count = 0

    def keys(self):
        keys = Vector(self.count)
        for current in self.buckets:
            while current is not None:
                keys.append(current.key)
                current = current.next
        return keys

    def values(self):
        values = Vector(self.count)
        for current in self.buckets:
            while current is not None:
                values.append(current.value)
                current = current.next
        return values


class IdentityDictionary(Dictionary):
    def new_entry(self, key, value, hash_):
        return IdEntry(hash_, key, value, None)
