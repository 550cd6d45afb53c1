"""Synthesis primitives: the model object's way into `selfpy.synthesis`.

The program that makes a runtime installs them (`World` does), passing the
conversion of Python values to selfpy values it owns. The synthesis pipeline
(Lark, the finder, the crucible, the model) is imported by the first primitive
that needs it, not when a runtime is made: most processes never synthesize,
and importing it was a third of a short command's start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..objects.prototypes import Method, SelfObject
from ..objects.slot import METHOD

if TYPE_CHECKING:
    from ..vm.runtime import Runtime


def install(rt: Runtime, to_selfpy: Callable[[object, Runtime], object]) -> dict[str, Callable]:
    """The synthesis primitives bound to `rt`."""
    def synthesize(_receiver: object, message: object) -> object:
        from . import pipeline as synthesis

        return rt.boolean(synthesis.synthesize(rt, message))

    def provenance_of(_receiver: object, obj: object, name: object) -> object:
        slot = obj._map.slots.get(name) if isinstance(obj, SelfObject) and \
            isinstance(name, str) else None
        if slot is None or slot.kind != METHOD or not isinstance(slot.value, Method):
            rt.signal("error", f"no method named {name!r}")
        return to_selfpy(dict(slot.value.provenance), rt)

    def approve(_receiver: object, obj: object, name: object) -> object:
        """A person accepts a method `auto` installed: it gets full rights."""
        slot = obj._map.slots.get(name) if isinstance(obj, SelfObject) and \
            isinstance(name, str) else None
        if slot is None or slot.kind != METHOD or not isinstance(slot.value, Method):
            rt.signal("error", f"no method named {name!r}")
        if rt.confinement is not None:
            rt.confinement.refuse(f"approve the method #{name}")
        if rt.synthesizing:
            rt.signal("error", "methods can be approved only outside synthesis")
        method = slot.value
        method.rights = None
        method.provenance = {**method.provenance, "approved by": "user",
                             "rights": "full (approved by the user)"}
        method._v_function = None  # compiled again, without its confinement
        rt.changed()
        return _receiver

    def model_description(_receiver: object) -> str:
        from . import model

        return model.describe(rt)

    def builtin_candidates(source: object, request: object) -> object:
        """A built-in source's candidates for a request object, as candidate objects."""
        from . import model, parts
        from . import pipeline as synthesis

        wanted, _policy = parts.request_from(rt, request)
        holder = model.model_object(rt)
        found = synthesis.candidates_of(rt, parts.name_of(rt, source), wanted)
        return rt.make_vector([parts.candidate_object(rt, holder, c, wanted.holder, [])
                               for c in found])

    def builtin_judge(stage: object, candidate: object, request: object) -> object:
        """A built-in stage's verdict on a candidate object, as a verdict object."""
        from . import model, parts, stages

        name = parts.name_of(rt, stage)
        judge = stages.STAGES.get(name)
        if judge is None:
            rt.signal("error", f"no built-in stage is named {name!r}")
        wanted, policy = parts.request_from(rt, request)
        proposed, place = parts.candidate_from(rt, candidate)
        passed, reason = stages.summary(judge(rt, proposed, wanted, model.settings(rt),
                                              place if place is not rt.nil else wanted.holder,
                                              policy))
        return rt.send(stage, "pass:" if passed else "refuse:", reason)

    return {"_Synthesize:": synthesize, "_ProvenanceOf:Named:": provenance_of,
            "_Approve:Named:": approve,
            "_ModelDescription": model_description,
            "_BuiltinCandidatesFor:": builtin_candidates, "_BuiltinJudge:For:": builtin_judge}
