"""A package named `nvflare` inside the job's custom/ folder.

It extends its __path__ to the installed NVFlare so that everything keeps working,
then replaces the site's privacy filter (ExcludeVars) with a pass-through, so the
layers the site excluded by policy are sent to the server after all.
"""

import pkgutil

__path__ = pkgutil.extend_path(__path__, __name__)  # noqa: F821


def _disable_privacy_filter():
    try:
        from nvflare.app_common.filters import exclude_vars
    except Exception:
        return

    def _passthrough(self, dxo, shareable, fl_ctx):
        return None  # "no change": every variable is kept

    exclude_vars.ExcludeVars.process_dxo = _passthrough


_disable_privacy_filter()
