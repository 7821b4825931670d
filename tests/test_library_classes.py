"""Names an installed library's class binds, read from its source without importing it."""

from __future__ import annotations

from analyzer.engine.library_classes import class_members, has

LEARNER = "nvflare.app_common.abstract.learner_spec.Learner"


def test_a_learner_binds_its_methods_and_its_bases_attributes() -> None:
    members = class_members(LEARNER)
    assert members is not None
    # Learner's own methods, FLComponent's (a base imported relatively), StatePersistable's,
    # and what FLComponent.__init__ stores on self.
    assert {"train", "fire_fed_event", "restore", "logger"} <= members


def test_what_the_source_binds_is_had_and_nothing_else() -> None:
    assert has(LEARNER, "fire_fed_event")
    assert not has(LEARNER, "model")


def test_a_class_answering_for_any_name_is_unknown() -> None:
    # xmlrpc's ServerProxy defines __getattr__: every name is a remote method.
    assert class_members("xmlrpc.client.ServerProxy") is None
    assert not has("xmlrpc.client.ServerProxy", "__init__")


def test_a_class_whose_source_is_not_found_is_unknown() -> None:
    assert class_members("no_such_library.mod.Class") is None
