"""The DeltaBlue incremental constraint solver: a chain and a projection (AWFY DeltaBlue).

The inner iteration count is the size of the constraint networks.
"""

from benchmark import Benchmark
from som import IdentityDictionary, Vector, vector_with

FORWARD = "forward"
BACKWARD = "backward"


class DeltaBlue(Benchmark):
    def inner_benchmark_loop(self, inner_iterations):
        Planner.chain_test(inner_iterations)
        Planner.projection_test(inner_iterations)
        return True


class Sym:
    def __init__(self, hash_):
        self.hash = hash_

    def custom_hash(self):
        return self.hash


ABSOLUTE_STRONGEST = Sym(0)
REQUIRED = Sym(1)
STRONG_PREFERRED = Sym(2)
PREFERRED = Sym(3)
STRONG_DEFAULT = Sym(4)
DEFAULT = Sym(5)
WEAK_DEFAULT = Sym(6)
ABSOLUTE_WEAKEST = Sym(7)


class Strength:
    def __init__(self, symbol):
        self.symbolic_value = symbol
        self.arithmetic_value = STRENGTH_TABLE.at(symbol)

    def same_as(self, s):
        return self.arithmetic_value == s.arithmetic_value

    def stronger(self, s):
        return self.arithmetic_value < s.arithmetic_value

    def weaker(self, s):
        return self.arithmetic_value > s.arithmetic_value

    def strongest(self, s):
        return s if s.stronger(self) else self

    def weakest(self, s):
        return s if s.weaker(self) else self

    @staticmethod
    def of(symbol):
        return STRENGTH_CONSTANTS.at(symbol)


def create_strength_table():
    table = IdentityDictionary()
    for symbol, value in ((ABSOLUTE_STRONGEST, -10000), (REQUIRED, -800),
                          (STRONG_PREFERRED, -600), (PREFERRED, -400), (STRONG_DEFAULT, -200),
                          (DEFAULT, 0), (WEAK_DEFAULT, 500), (ABSOLUTE_WEAKEST, 10000)):
        table.at_put(symbol, value)
    return table


def create_strength_constants():
    constants = IdentityDictionary()
    STRENGTH_TABLE.keys().for_each(lambda key: constants.at_put(key, Strength(key)))
    return constants


STRENGTH_TABLE = create_strength_table()
STRENGTH_CONSTANTS = create_strength_constants()
ABSOLUTE_WEAKEST_STRENGTH = Strength.of(ABSOLUTE_WEAKEST)
REQUIRED_STRENGTH = Strength.of(REQUIRED)


class Plan(Vector):
    def __init__(self):
        super().__init__(15)

    def execute(self):
        self.for_each(lambda c: c.execute())


class Planner:
    def __init__(self):
        self.current_mark = 1

    def incremental_add(self, c):
        mark = self.new_mark()
        overridden = c.satisfy(mark, self)
        while overridden is not None:
            overridden = overridden.satisfy(mark, self)

    def incremental_remove(self, c):
        out = c.get_output()
        c.mark_unsatisfied()
        c.remove_from_graph()
        unsatisfied = self.remove_propagate_from(out)
        unsatisfied.for_each(self.incremental_add)

    def extract_plan_from_constraints(self, constraints):
        sources = Vector()

        def each(c):
            if c.is_input() and c.is_satisfied():
                sources.append(c)
        constraints.for_each(each)
        return self.make_plan(sources)

    def make_plan(self, sources):
        mark = self.new_mark()
        plan = Plan()
        todo = sources
        while not todo.is_empty():
            c = todo.remove_first()
            if c.get_output().mark != mark and c.inputs_known(mark):
                plan.append(c)
                c.get_output().mark = mark
                self.add_constraints_consuming_to(c.get_output(), todo)
        return plan

    def propagate_from(self, v):
        todo = Vector()
        self.add_constraints_consuming_to(v, todo)
        while not todo.is_empty():
            c = todo.remove_first()
            c.execute()
            self.add_constraints_consuming_to(c.get_output(), todo)

    @staticmethod
    def add_constraints_consuming_to(v, coll):
        determining = v.determined_by

        def each(c):
            if c is not determining and c.is_satisfied():
                coll.append(c)
        v.constraints.for_each(each)

    def add_propagate(self, c, mark):
        todo = vector_with(c)
        while not todo.is_empty():
            d = todo.remove_first()
            if d.get_output().mark == mark:
                self.incremental_remove(c)
                return False
            d.recalculate()
            self.add_constraints_consuming_to(d.get_output(), todo)
        return True

    def change(self, var, new_value):
        edit = EditConstraint(var, PREFERRED, self)
        plan = self.extract_plan_from_constraints(vector_with(edit))
        for _ in range(10):
            var.value = new_value
            plan.execute()
        edit.destroy_constraint(self)

    @staticmethod
    def constraints_consuming(v, fn):
        determining = v.determined_by

        def each(c):
            if c is not determining and c.is_satisfied():
                fn(c)
        v.constraints.for_each(each)

    def new_mark(self):
        self.current_mark += 1
        return self.current_mark

    def remove_propagate_from(self, out):
        unsatisfied = Vector()
        out.determined_by = None
        out.walk_strength = ABSOLUTE_WEAKEST_STRENGTH
        out.stay = True
        todo = vector_with(out)
        while not todo.is_empty():
            v = todo.remove_first()

            def each(c):
                if not c.is_satisfied():
                    unsatisfied.append(c)
            v.constraints.for_each(each)

            def recalculate(c):
                c.recalculate()
                todo.append(c.get_output())
            self.constraints_consuming(v, recalculate)
        unsatisfied.sort(lambda c1, c2: -1 if c1.strength.stronger(c2.strength) else 1)
        return unsatisfied

    @staticmethod
    def chain_test(n):
        planner = Planner()
        variables = [Variable() for _ in range(n + 1)]
        for i in range(n):
            EqualityConstraint(variables[i], variables[i + 1], REQUIRED, planner)
        StayConstraint(variables[n], STRONG_DEFAULT, planner)
        edit = EditConstraint(variables[0], PREFERRED, planner)
        plan = planner.extract_plan_from_constraints(vector_with(edit))
        for i in range(100):
            variables[0].value = i
            plan.execute()
            if variables[n].value != i:
                raise ValueError("Chain test failed!")
        edit.destroy_constraint(planner)

    @staticmethod
    def projection_test(n):
        planner = Planner()
        dests = Vector()
        scale = Variable(10)
        offset = Variable(1000)
        src = None
        dst = None
        for i in range(1, n + 1):
            src = Variable(i)
            dst = Variable(i)
            dests.append(dst)
            StayConstraint(src, DEFAULT, planner)
            ScaleConstraint(src, scale, offset, dst, REQUIRED, planner)
        planner.change(src, 17)
        if dst.value != 1170:
            raise ValueError("Projection test 1 failed!")
        planner.change(dst, 1050)
        if src.value != 5:
            raise ValueError("Projection test 2 failed!")
        planner.change(scale, 5)
        for i in range(n - 1):
            if dests.at(i).value != (i + 1) * 5 + 1000:
                raise ValueError("Projection test 3 failed!")
        planner.change(offset, 2000)
        for i in range(n - 1):
            if dests.at(i).value != (i + 1) * 5 + 2000:
                raise ValueError("Projection test 4 failed!")


class AbstractConstraint:
    def __init__(self, strength):
        self.strength = Strength.of(strength)

    def is_input(self):
        return False

    def add_constraint(self, planner):
        self.add_to_graph()
        planner.incremental_add(self)

    def destroy_constraint(self, planner):
        if self.is_satisfied():
            planner.incremental_remove(self)
        self.remove_from_graph()

    def inputs_known(self, mark):
        return not self.inputs_has_one(
            lambda v: not (v.mark == mark or v.stay or v.determined_by is None))

    def satisfy(self, mark, planner):
        self.choose_method(mark)
        if self.is_satisfied():
            def each(variable):
                variable.mark = mark
            self.inputs_do(each)
            out = self.get_output()
            overridden = out.determined_by
            if overridden is not None:
                overridden.mark_unsatisfied()
            out.determined_by = self
            if not planner.add_propagate(self, mark):
                raise ValueError("Cycle encountered")
            out.mark = mark
        else:
            overridden = None
            if self.strength.same_as(REQUIRED_STRENGTH):
                raise ValueError("Could not satisfy a required constraint")
        return overridden


class BinaryConstraint(AbstractConstraint):
    def __init__(self, var1, var2, strength):
        super().__init__(strength)
        self.v1 = var1
        self.v2 = var2
        self.direction = None

    def is_satisfied(self):
        return self.direction is not None

    def add_to_graph(self):
        self.v1.add_constraint(self)
        self.v2.add_constraint(self)
        self.direction = None

    def remove_from_graph(self):
        if self.v1 is not None:
            self.v1.remove_constraint(self)
        if self.v2 is not None:
            self.v2.remove_constraint(self)
        self.direction = None

    def choose_method(self, mark):
        if self.v1.mark == mark:
            if self.v2.mark != mark and self.strength.stronger(self.v2.walk_strength):
                self.direction = FORWARD
            else:
                self.direction = None
            return self.direction
        if self.v2.mark == mark:
            if self.v1.mark != mark and self.strength.stronger(self.v1.walk_strength):
                self.direction = BACKWARD
            else:
                self.direction = None
            return self.direction
        if self.v1.walk_strength.weaker(self.v2.walk_strength):
            if self.strength.stronger(self.v1.walk_strength):
                self.direction = BACKWARD
            else:
                self.direction = None
            return self.direction
        if self.strength.stronger(self.v2.walk_strength):
            self.direction = FORWARD
        else:
            self.direction = None
        return self.direction

    def inputs_do(self, fn):
        if self.direction is FORWARD:
            fn(self.v1)
        else:
            fn(self.v2)

    def inputs_has_one(self, fn):
        if self.direction is FORWARD:
            return fn(self.v1)
        return fn(self.v2)

    def mark_unsatisfied(self):
        self.direction = None

    def get_output(self):
        return self.v2 if self.direction is FORWARD else self.v1

    def recalculate(self):
        if self.direction is FORWARD:
            source, output = self.v1, self.v2
        else:
            source, output = self.v2, self.v1
        output.walk_strength = self.strength.weakest(source.walk_strength)
        output.stay = source.stay
        if output.stay:
            self.execute()


class UnaryConstraint(AbstractConstraint):
    def __init__(self, v, strength, planner):
        super().__init__(strength)
        self.output = v
        self.satisfied = False
        self.add_constraint(planner)

    def is_satisfied(self):
        return self.satisfied

    def add_to_graph(self):
        self.output.add_constraint(self)
        self.satisfied = False

    def remove_from_graph(self):
        if self.output is not None:
            self.output.remove_constraint(self)
        self.satisfied = False

    def choose_method(self, mark):
        self.satisfied = (self.output.mark != mark
                          and self.strength.stronger(self.output.walk_strength))

    def inputs_do(self, fn):
        pass

    def inputs_has_one(self, fn):
        return False

    def mark_unsatisfied(self):
        self.satisfied = False

    def get_output(self):
        return self.output

    def recalculate(self):
        self.output.walk_strength = self.strength
        self.output.stay = not self.is_input()
        if self.output.stay:
            self.execute()


class EditConstraint(UnaryConstraint):
    def is_input(self):
        return True

    def execute(self):
        pass


class StayConstraint(UnaryConstraint):
    def execute(self):
        pass


class EqualityConstraint(BinaryConstraint):
    def __init__(self, var1, var2, strength, planner):
        super().__init__(var1, var2, strength)
        self.add_constraint(planner)

    def execute(self):
        if self.direction is FORWARD:
            self.v2.value = self.v1.value
        else:
            self.v1.value = self.v2.value


class ScaleConstraint(BinaryConstraint):
    def __init__(self, src, scale, offset, dest, strength, planner):
        super().__init__(src, dest, strength)
        self.scale = scale
        self.offset = offset
        self.add_constraint(planner)

    def add_to_graph(self):
        self.v1.add_constraint(self)
        self.v2.add_constraint(self)
        self.scale.add_constraint(self)
        self.offset.add_constraint(self)
        self.direction = None

    def remove_from_graph(self):
        if self.v1 is not None:
            self.v1.remove_constraint(self)
        if self.v2 is not None:
            self.v2.remove_constraint(self)
        if self.scale is not None:
            self.scale.remove_constraint(self)
        if self.offset is not None:
            self.offset.remove_constraint(self)
        self.direction = None

    def execute(self):
        if self.direction is FORWARD:
            self.v2.value = self.v1.value * self.scale.value + self.offset.value
        else:
            self.v1.value = (self.v2.value - self.offset.value) / self.scale.value

    def inputs_do(self, fn):
        if self.direction is FORWARD:
            fn(self.v1)
        else:
            fn(self.v2)
        fn(self.scale)
        fn(self.offset)

    def recalculate(self):
        if self.direction is FORWARD:
            source, output = self.v1, self.v2
        else:
            source, output = self.v2, self.v1
        output.walk_strength = self.strength.weakest(source.walk_strength)
        output.stay = source.stay and self.scale.stay and self.offset.stay
        if output.stay:
            self.execute()


class Variable:
    def __init__(self, value=0):
        self.value = value
        self.constraints = Vector(2)
        self.determined_by = None
        self.mark = 0
        self.walk_strength = ABSOLUTE_WEAKEST_STRENGTH
        self.stay = True

    def add_constraint(self, c):
        self.constraints.append(c)

    def remove_constraint(self, c):
        self.constraints.remove(c)
        if self.determined_by is c:
            self.determined_by = None
