"""jobgate's NVFlare adapters: the site gate and its two routes (validator,
component), the run-time layers (update_filter, process_guard installing
guard; guard_boot for Client API trainer processes), the audit log.

`setup_seconds` adds up what importing and building jobgate's adapters cost
the current process, so that a job process can report what jobgate added to
its start (the audit log's `setup_ms`).
"""

setup_seconds = 0.0
