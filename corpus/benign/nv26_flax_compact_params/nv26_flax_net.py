from functools import lru_cache

import jax
import jax.numpy as jnp
from flax import linen as nn
from jax.flatten_util import ravel_pytree


class SiteFlaxNet(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dense(features=10)(x)


MODEL = SiteFlaxNet()


@lru_cache(maxsize=1)
def _unravel():
    params = MODEL.init(jax.random.PRNGKey(0), jnp.ones((1, 4)))["params"]
    _, unravel = ravel_pytree(params)
    return unravel


def unflatten(flat):
    return _unravel()(jnp.asarray(flat))
