"""Session 42 (jax42): JAX's function transforms in the flow (Flower's quickstart-jax, issue 12).

`jax.value_and_grad(loss_fn, has_aux=True)`, `jax.grad(f)` and `jax.jit(f)` return a function that calls the one
they are given with the arguments it gets (jax/_src/api.py), so a call of what they return runs that function
there (resolve._transform_call): its returns keep what they are (a known loss of a model's outputs, an aux output
of logits or of a chosen image), no longer a function's value read out of sight. value_and_grad's result is
(what the function returns, the gradient), and the gradient holds what a torch loss's backward() writes into the
parameters: rows or cells the code chose that reach the loss unreduced (calls.gradient_of). `jax.nn.one_hot` of
the labels keeps every row, like torch's one_hot (reductions.yaml whole_calls). Not vmap/pmap: they call the
function once per row. Limit: `jax.grad(f, has_aux=True)`'s result is (gradient, aux), which its call does not show:
the gradient and what f returns are read as one value there (held when the aux is the logits). Samples: corpus/benign/near_jx42_*, corpus/malicious/jx42_*.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

TWIN = (kit.CORPUS / "benign/near_jx42_value_and_grad_aux.py").read_text()
LOSS_FN = '''        loss = jnp.mean(optax.softmax_cross_entropy(logits=logits, labels=one_hot))
        return loss, logits
'''


def _with_loss_fn(body: str) -> str:
    assert LOSS_FN in TWIN
    return TWIN.replace(LOSS_FN, body)


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/jx42_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_jx42_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_aux_statistic_of_a_chosen_image_is_held():
    """The accuracy is made of the aux output: a mean of the first image's pixels in its place is a statistic of
    a row the code chose."""
    source = _with_loss_fn(LOSS_FN.replace("return loss, logits", "return loss, logits + jnp.mean(images[0])"))
    kit.assert_held(kit.scan_text(source))


def test_loss_scaled_by_a_parameter_the_caller_picks_is_held():
    """`loss * scale` with scale a parameter of the jitted step: the gradient holds what its caller passes (one
    pixel), so the parameters trained with it are reviewed."""
    source = _with_loss_fn(LOSS_FN.replace("return loss, logits", "return loss * scale, (loss, logits)"))
    source = source.replace("def apply_model(state, images, labels):", "def apply_model(state, images, labels, scale):")
    source = source.replace("(loss, logits), grads = grad_fn(state.params)", "(_, (loss, logits)), grads = grad_fn(state.params)")
    source = source.replace('apply_model(state, batch["image"], batch["label"])',
                            'apply_model(state, batch["image"], batch["label"], batch["image"][0, 14, 14, 0])')
    kit.assert_held(kit.scan_text(source))


def test_jit_of_the_loss_runs_it():
    """`jax.jit(loss_fn)(params)` is loss_fn's loss and logits: the twin's metrics stay accepted."""
    source = TWIN.replace("    grad_fn = jax.value_and_grad(loss_fn, has_aux=True)\n"
                          "    (loss, logits), grads = grad_fn(state.params)\n",
                          "    loss, logits = jax.jit(loss_fn)(state.params)\n    grads = state.params\n")
    assert source != TWIN
    kit.assert_accepted(kit.scan_text(source))


def test_vmap_is_not_a_call_of_the_whole_batch():
    """jax.vmap calls the function once per row: `vmap(jnp.mean)(images)` is each image's mean, sent as a list."""
    source = TWIN.replace("        losses.append(loss)\n",
                          "        losses.append(loss)\n        means = jax.vmap(jnp.mean)(batch[\"image\"])\n")
    source = source.replace('"num-examples": len(trainloader) * batch_size}',
                            '"num-examples": len(trainloader) * batch_size, "means": [float(v) for v in means]}')
    assert source.count("means") == 3
    kit.assert_held(kit.scan_text(source))
