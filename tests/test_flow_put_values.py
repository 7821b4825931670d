"""Red team 5: values the job puts somewhere the flow analysis read as something else. What is assigned to an
attribute of a named object travels with it, whatever a library means by the name; a frame written into an
in-memory file is in it; a parameter a call leaves out holds its default; a lambda handed on as a value is
called with what the gate cannot follow. One behaviour per test."""

from __future__ import annotations

from tests.test_flow_aggregates import HEAD, RAW, UNKNOWN, sent
from tests.test_flow import rules_of


def test_an_attribute_the_job_sets_on_a_library_object_is_what_it_set() -> None:
    assert RAW in sent("net.global_step", "net = torch.nn.Linear(2, 1)\nnet.global_step = x[:5].tolist()\n")
    assert RAW in sent("clf.coef_", "from sklearn.linear_model import SGDClassifier\nclf = SGDClassifier()\n"
                                    "clf.coef_ = x[:5].copy()\n")


def test_coefficients_set_from_the_server_stay_model_state() -> None:
    setup = "from sklearn.linear_model import SGDClassifier\nclf = SGDClassifier()\nclf.fit(x, df['y'])\n" \
            "clf.coef_ = np.asarray(m.params['coef'])\n"
    assert not sent("clf.coef_.tolist()", setup)


def test_a_frame_written_into_an_in_memory_file_is_in_it() -> None:
    assert RAW in sent("s.getvalue()", "import io\ns = io.StringIO()\ndf.head(20).to_csv(s)\n")


def test_a_default_is_what_a_bare_call_passes() -> None:
    lam = "report = lambda v=x[:10].tolist(): flare.send(flare.FLModel(params={}, metrics={'v': v}))\nreport()\n"
    fn = "def report(v=x[:10].tolist()):\n    flare.send(flare.FLModel(params={}, metrics={'v': v}))\nreport()\n"
    assert RAW in rules_of(HEAD + lam)
    assert RAW in rules_of(HEAD + fn)


def test_a_lambda_handed_on_through_a_dict_is_applied_where_it_is_called() -> None:
    # the module reads the lambda as a value; the item called is an object no name ties to a class, so the
    # lambdas the module hands on run there (protocol.handed_functions): the rows it sends are seen
    code = "h = {'send': lambda v: flare.send(flare.FLModel(params={'w': v}))}\nh['send'](x)\n"
    assert RAW in rules_of(HEAD + code)


def test_a_lambda_only_called_by_its_name_and_a_sort_key_stay_clean() -> None:
    code = "send = lambda p: flare.send(flare.FLModel(params=p))\n" \
           "send(dict(sorted(m.params.items(), key=lambda kv: kv[0])))\n"
    assert not rules_of(HEAD + code)


def test_a_library_name_a_module_of_the_job_assigns_means_what_was_put_there() -> None:
    helper = "def tag(obj, value):\n    obj.global_step = value\n"
    assert RAW in sent("net.global_step", helper + "net = torch.nn.Linear(2, 1)\ntag(net, x[:5].tolist())\n")


def test_what_a_function_stores_into_a_module_level_list_is_in_it() -> None:
    helper = "rows = []\ndef grab(b):\n    rows.extend(b)\ngrab(x[:5])\n"
    assert RAW in sent("rows", helper)


def test_what_a_collate_fn_keeps_is_of_unknown_provenance() -> None:
    lam = "rows = []\nloader = torch.utils.data.DataLoader(x, collate_fn=lambda b: rows.extend(b) or b)\n"
    fn = "rows = []\ndef grab(b):\n    rows.extend(b)\n    return b\nloader = torch.utils.data.DataLoader(x, collate_fn=grab)\n"
    assert UNKNOWN in sent("rows", lam)
    assert UNKNOWN in sent("rows", fn)


def test_what_a_function_handed_to_a_library_prints_is_of_unknown_provenance() -> None:
    # a def, like a lambda, is called by the DataLoader with the rows (rt37n_collate_fn_prints_batch)
    loader = "loader = torch.utils.data.DataLoader(x, collate_fn=show)\n"
    assert UNKNOWN in rules_of(HEAD + "def show(b):\n    print(b)\n    return b\n" + loader)
    assert UNKNOWN in rules_of(HEAD + "loader = torch.utils.data.DataLoader(x, collate_fn=lambda b: print(b) or b)\n")
    assert not rules_of(HEAD + "def show(b):\n    print(len(b))\n    return b\n" + loader)
