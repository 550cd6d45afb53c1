"""Collision detection among simulated aircraft, over red-black trees (AWFY CD).

The inner iteration count is the number of aircraft; only counts with a
known answer can be verified.
"""

from math import cos, sin, sqrt

from benchmark import Benchmark
from som import Vector

MIN_X = 0.0
MIN_Y = 0.0
MAX_X = 1000.0
MAX_Y = 1000.0
MIN_Z = 0.0
MAX_Z = 10.0
PROXIMITY_RADIUS = 1.0
GOOD_VOXEL_SIZE = PROXIMITY_RADIUS * 2.0
EXPECTED = {1000: 14484, 500: 14484, 250: 10830, 200: 8655, 100: 4305, 10: 390, 2: 42}
RED = "red"
BLACK = "black"
INF_POSITIVE = float("inf")
INF_NEGATIVE = float("-inf")


def compare_numbers(a, b):
    if a == b:
        return 0
    if a < b:
        return -1
    if a > b:
        return 1
    if a == a:  # b is NaN
        return 1
    return -1


class Vector2D:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def plus(self, other):
        return Vector2D(self.x + other.x, self.y + other.y)

    def minus(self, other):
        return Vector2D(self.x - other.x, self.y - other.y)

    def compare_to(self, other):
        result = compare_numbers(self.x, other.x)
        if result != 0:
            return result
        return compare_numbers(self.y, other.y)


class Vector3D:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def plus(self, other):
        return Vector3D(self.x + other.x, self.y + other.y, self.z + other.z)

    def minus(self, other):
        return Vector3D(self.x - other.x, self.y - other.y, self.z - other.z)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def squared_magnitude(self):
        return self.dot(self)

    def magnitude(self):
        return sqrt(self.squared_magnitude())

    def times(self, amount):
        return Vector3D(self.x * amount, self.y * amount, self.z * amount)


HORIZONTAL = Vector2D(GOOD_VOXEL_SIZE, 0.0)
VERTICAL = Vector2D(0.0, GOOD_VOXEL_SIZE)


def tree_minimum(x):
    current = x
    while current.left is not None:
        current = current.left
    return current


class Node:
    def __init__(self, key, value):
        self.key = key
        self.value = value
        self.left = None
        self.right = None
        self.parent = None
        self.color = RED

    def successor(self):
        x = self
        if x.right is not None:
            return tree_minimum(x.right)
        y = x.parent
        while y is not None and x is y.right:
            x = y
            y = y.parent
        return y


class Entry:
    def __init__(self, key, value):
        self.key = key
        self.value = value


class InsertResult:
    def __init__(self, is_new_entry, new_node, old_value):
        self.is_new_entry = is_new_entry
        self.new_node = new_node
        self.old_value = old_value


class RedBlackTree:
    def __init__(self):
        self.root = None

    def put(self, key, value):
        insertion = self.tree_insert(key, value)
        if not insertion.is_new_entry:
            return insertion.old_value
        x = insertion.new_node
        while x is not self.root and x.parent.color is RED:
            if x.parent is x.parent.parent.left:
                y = x.parent.parent.right
                if y is not None and y.color is RED:
                    x.parent.color = BLACK
                    y.color = BLACK
                    x.parent.parent.color = RED
                    x = x.parent.parent
                else:
                    if x is x.parent.right:
                        x = x.parent
                        self.left_rotate(x)
                    x.parent.color = BLACK
                    x.parent.parent.color = RED
                    self.right_rotate(x.parent.parent)
            else:
                y = x.parent.parent.left
                if y is not None and y.color is RED:
                    x.parent.color = BLACK
                    y.color = BLACK
                    x.parent.parent.color = RED
                    x = x.parent.parent
                else:
                    if x is x.parent.left:
                        x = x.parent
                        self.right_rotate(x)
                    x.parent.color = BLACK
                    x.parent.parent.color = RED
                    self.left_rotate(x.parent.parent)
        self.root.color = BLACK
        return None

    def remove(self, key):
        z = self.find_node(key)
        if z is None:
            return None
        y = z if z.left is None or z.right is None else z.successor()
        x = y.left if y.left is not None else y.right
        if x is not None:
            x.parent = y.parent
            x_parent = x.parent
        else:
            x_parent = y.parent
        if y.parent is None:
            self.root = x
        elif y is y.parent.left:
            y.parent.left = x
        else:
            y.parent.right = x
        if y is not z:
            if y.color is BLACK:
                self.remove_fixup(x, x_parent)
            y.parent = z.parent
            y.color = z.color
            y.left = z.left
            y.right = z.right
            if z.left is not None:
                z.left.parent = y
            if z.right is not None:
                z.right.parent = y
            if z.parent is not None:
                if z.parent.left is z:
                    z.parent.left = y
                else:
                    z.parent.right = y
            else:
                self.root = y
        elif y.color is BLACK:
            self.remove_fixup(x, x_parent)
        return z.value

    def get(self, key):
        node = self.find_node(key)
        return None if node is None else node.value

    def for_each(self, fn):
        if self.root is None:
            return
        current = tree_minimum(self.root)
        while current is not None:
            fn(Entry(current.key, current.value))
            current = current.successor()

    def find_node(self, key):
        current = self.root
        while current is not None:
            comparison = key.compare_to(current.key)
            if comparison == 0:
                return current
            current = current.left if comparison < 0 else current.right
        return None

    def tree_insert(self, key, value):
        y = None
        x = self.root
        while x is not None:
            y = x
            comparison = key.compare_to(x.key)
            if comparison < 0:
                x = x.left
            elif comparison > 0:
                x = x.right
            else:
                old_value = x.value
                x.value = value
                return InsertResult(False, None, old_value)
        z = Node(key, value)
        z.parent = y
        if y is None:
            self.root = z
        elif key.compare_to(y.key) < 0:
            y.left = z
        else:
            y.right = z
        return InsertResult(True, z, None)

    def left_rotate(self, x):
        y = x.right
        x.right = y.left
        if y.left is not None:
            y.left.parent = x
        y.parent = x.parent
        if x.parent is None:
            self.root = y
        elif x is x.parent.left:
            x.parent.left = y
        else:
            x.parent.right = y
        y.left = x
        x.parent = y
        return y

    def right_rotate(self, y):
        x = y.left
        y.left = x.right
        if x.right is not None:
            x.right.parent = y
        x.parent = y.parent
        if y.parent is None:
            self.root = x
        elif y is y.parent.left:
            y.parent.left = x
        else:
            y.parent.right = x
        x.right = y
        y.parent = x
        return x

    def remove_fixup(self, x, x_parent):
        while x is not self.root and (x is None or x.color is BLACK):
            if x is x_parent.left:
                w = x_parent.right
                if w.color is RED:
                    w.color = BLACK
                    x_parent.color = RED
                    self.left_rotate(x_parent)
                    w = x_parent.right
                if ((w.left is None or w.left.color is BLACK)
                        and (w.right is None or w.right.color is BLACK)):
                    w.color = RED
                    x = x_parent
                    x_parent = x.parent
                else:
                    if w.right is None or w.right.color is BLACK:
                        w.left.color = BLACK
                        w.color = RED
                        self.right_rotate(w)
                        w = x_parent.right
                    w.color = x_parent.color
                    x_parent.color = BLACK
                    if w.right is not None:
                        w.right.color = BLACK
                    self.left_rotate(x_parent)
                    x = self.root
                    x_parent = x.parent
            else:
                w = x_parent.left
                if w.color is RED:
                    w.color = BLACK
                    x_parent.color = RED
                    self.right_rotate(x_parent)
                    w = x_parent.left
                if ((w.right is None or w.right.color is BLACK)
                        and (w.left is None or w.left.color is BLACK)):
                    w.color = RED
                    x = x_parent
                    x_parent = x.parent
                else:
                    if w.left is None or w.left.color is BLACK:
                        w.right.color = BLACK
                        w.color = RED
                        self.left_rotate(w)
                        w = x_parent.left
                    w.color = x_parent.color
                    x_parent.color = BLACK
                    if w.left is not None:
                        w.left.color = BLACK
                    self.right_rotate(x_parent)
                    x = self.root
                    x_parent = x.parent
        if x is not None:
            x.color = BLACK


class CallSign:
    def __init__(self, value):
        self.value = value

    def compare_to(self, other):
        if self.value == other.value:
            return 0
        if self.value < other.value:
            return -1
        return 1


class Collision:
    def __init__(self, aircraft_a, aircraft_b, position):
        self.aircraft_a = aircraft_a
        self.aircraft_b = aircraft_b
        self.position = position


class CollisionDetector:
    def __init__(self):
        self.state = RedBlackTree()

    def handle_new_frame(self, frame):
        motions = Vector()
        seen = RedBlackTree()

        def each(aircraft):
            old_position = self.state.put(aircraft.call_sign, aircraft.position)
            new_position = aircraft.position
            seen.put(aircraft.call_sign, True)
            if old_position is None:
                old_position = new_position
            motions.append(Motion(aircraft.call_sign, old_position, new_position))
        frame.for_each(each)
        to_remove = Vector()

        def for_removal(e):
            if not seen.get(e.key):
                to_remove.append(e.key)
        self.state.for_each(for_removal)
        to_remove.for_each(self.state.remove)
        all_reduced = reduce_collision_set(motions)
        collisions = Vector()

        def find_collisions(reduced):
            for i in range(reduced.size()):
                motion1 = reduced.at(i)
                for j in range(i + 1, reduced.size()):
                    motion2 = reduced.at(j)
                    collision = motion1.find_intersection(motion2)
                    if collision is not None:
                        collisions.append(Collision(motion1.call_sign, motion2.call_sign,
                                                    collision))
        all_reduced.for_each(find_collisions)
        return collisions


def is_in_voxel(voxel, motion):
    if voxel.x > MAX_X or voxel.x < MIN_X or voxel.y > MAX_Y or voxel.y < MIN_Y:
        return False
    init = motion.pos_one
    fin = motion.pos_two
    v_s = GOOD_VOXEL_SIZE
    r = PROXIMITY_RADIUS / 2.0
    v_x = voxel.x
    x0 = init.x
    xv = fin.x - init.x
    v_y = voxel.y
    y0 = init.y
    yv = fin.y - init.y
    if xv == 0.0:
        low_x = INF_NEGATIVE if (v_x - r - x0) < 0.0 else INF_POSITIVE
        high_x = INF_NEGATIVE if (v_x + v_s + r - x0) < 0.0 else INF_POSITIVE
    else:
        low_x = (v_x - r - x0) / xv
        high_x = (v_x + v_s + r - x0) / xv
    if xv < 0.0:
        low_x, high_x = high_x, low_x
    if yv == 0.0:
        low_y = INF_NEGATIVE if (v_y - r - y0) < 0.0 else INF_POSITIVE
        high_y = INF_NEGATIVE if (v_y + v_s + r - y0) < 0.0 else INF_POSITIVE
    else:
        low_y = (v_y - r - y0) / yv
        high_y = (v_y + v_s + r - y0) / yv
    if yv < 0.0:
        low_y, high_y = high_y, low_y
    return (
        ((xv == 0.0 and v_x <= x0 + r and x0 - r <= v_x + v_s)
         or (low_x <= 1.0 and 1.0 <= high_x)
         or (low_x <= 0.0 and 0.0 <= high_x)
         or (0.0 <= low_x and high_x <= 1.0))
        and ((yv == 0.0 and v_y <= y0 + r and y0 - r <= v_y + v_s)
             or (low_y <= 1.0 and 1.0 <= high_y)
             or (low_y <= 0.0 and 0.0 <= high_y)
             or (0.0 <= low_y and high_y <= 1.0))
        and (xv == 0.0
             or yv == 0.0
             or (low_y <= high_x and high_x <= high_y)
             or (low_y <= low_x and low_x <= high_y)
             or (low_x <= low_y and high_y <= high_x)))


def put_into_map(voxel_map, voxel, motion):
    array = voxel_map.get(voxel)
    if array is None:
        array = Vector()
        voxel_map.put(voxel, array)
    array.append(motion)


def recurse(voxel_map, seen, next_voxel, motion):
    if not is_in_voxel(next_voxel, motion):
        return
    if seen.put(next_voxel, True):
        return
    put_into_map(voxel_map, next_voxel, motion)
    recurse(voxel_map, seen, next_voxel.minus(HORIZONTAL), motion)
    recurse(voxel_map, seen, next_voxel.plus(HORIZONTAL), motion)
    recurse(voxel_map, seen, next_voxel.minus(VERTICAL), motion)
    recurse(voxel_map, seen, next_voxel.plus(VERTICAL), motion)
    recurse(voxel_map, seen, next_voxel.minus(HORIZONTAL).minus(VERTICAL), motion)
    recurse(voxel_map, seen, next_voxel.minus(HORIZONTAL).plus(VERTICAL), motion)
    recurse(voxel_map, seen, next_voxel.plus(HORIZONTAL).minus(VERTICAL), motion)
    recurse(voxel_map, seen, next_voxel.plus(HORIZONTAL).plus(VERTICAL), motion)


def reduce_collision_set(motions):
    voxel_map = RedBlackTree()
    motions.for_each(lambda motion: draw_motion_on_voxel_map(voxel_map, motion))
    result = Vector()

    def each(e):
        if e.value.size() > 1:
            result.append(e.value)
    voxel_map.for_each(each)
    return result


def voxel_hash(position):
    x_div = position.x // GOOD_VOXEL_SIZE
    y_div = position.y // GOOD_VOXEL_SIZE
    x = GOOD_VOXEL_SIZE * x_div
    y = GOOD_VOXEL_SIZE * y_div
    if position.x < 0.0:
        x -= GOOD_VOXEL_SIZE
    if position.y < 0.0:
        y -= GOOD_VOXEL_SIZE
    return Vector2D(x, y)


def draw_motion_on_voxel_map(voxel_map, motion):
    recurse(voxel_map, RedBlackTree(), voxel_hash(motion.pos_one), motion)


class Motion:
    def __init__(self, call_sign, pos_one, pos_two):
        self.call_sign = call_sign
        self.pos_one = pos_one
        self.pos_two = pos_two

    def delta(self):
        return self.pos_two.minus(self.pos_one)

    def find_intersection(self, other):
        init1 = self.pos_one
        init2 = other.pos_one
        vec1 = self.delta()
        vec2 = other.delta()
        radius = PROXIMITY_RADIUS
        a = vec2.minus(vec1).squared_magnitude()
        if a != 0.0:
            b = 2.0 * init1.minus(init2).dot(vec1.minus(vec2))
            c = -radius * radius + init2.minus(init1).squared_magnitude()
            discr = b * b - 4.0 * a * c
            if discr < 0.0:
                return None
            v1 = (-b - sqrt(discr)) / (2.0 * a)
            v2 = (-b + sqrt(discr)) / (2.0 * a)
            if v1 <= v2 and ((v1 <= 1.0 and 1.0 <= v2) or (v1 <= 0.0 and 0.0 <= v2)
                             or (0.0 <= v1 and v2 <= 1.0)):
                v = 0.0 if v1 <= 0.0 else v1
                result1 = init1.plus(vec1.times(v))
                result2 = init2.plus(vec2.times(v))
                result = result1.plus(result2).times(0.5)
                if (MIN_X <= result.x <= MAX_X and MIN_Y <= result.y <= MAX_Y
                        and MIN_Z <= result.z <= MAX_Z):
                    return result
            return None
        dist = init2.minus(init1).magnitude()
        if dist <= radius:
            return init1.plus(init2).times(0.5)
        return None


class Aircraft:
    def __init__(self, call_sign, position):
        self.call_sign = call_sign
        self.position = position


class Simulator:
    def __init__(self, num_aircraft):
        self.aircraft = Vector()
        for i in range(num_aircraft):
            self.aircraft.append(CallSign(i))

    def simulate(self, time):
        frame = Vector()
        for i in range(0, self.aircraft.size(), 2):
            frame.append(Aircraft(self.aircraft.at(i),
                                  Vector3D(time, cos(time) * 2.0 + i * 3.0, 10.0)))
            frame.append(Aircraft(self.aircraft.at(i + 1),
                                  Vector3D(time, sin(time) * 2.0 + i * 3.0, 10.0)))
        return frame


class CD(Benchmark):
    @staticmethod
    def run(num_aircraft):
        num_frames = 200
        simulator = Simulator(num_aircraft)
        detector = CollisionDetector()
        actual_collisions = 0
        for i in range(num_frames):
            time = i / 10.0
            collisions = detector.handle_new_frame(simulator.simulate(time))
            actual_collisions += collisions.size()
        return actual_collisions

    def inner_benchmark_loop(self, inner_iterations):
        result = self.run(inner_iterations)
        if inner_iterations in EXPECTED:
            return result == EXPECTED[inner_iterations]
        print(f"no verification result for {inner_iterations}; the result is {result}")
        return False
