"""Schemathesis hooks of the fuzz suite (test/integration/fuzz.integration-spec.ts), loaded via SCHEMATHESIS_HOOKS.

One hook, and why: the fuzzing identity never edits its own account. Changing one's own password, roles or
active flag revokes one's tokens at once (issue 16 item 4: a token ends with its user), so a fuzzed
`PUT /api/users/{id}` on the caller's own id (taken from `GET /api/me`) would turn the rest of that role's run
into 401s and test nothing. Such a request is sent to an id that exists nowhere instead (a 404 case), and
every other request goes out as generated. No check, no failure and no other operation is filtered.
"""

import os

import schemathesis

SELF_IDS = frozenset(filter(None, os.environ.get("HPC_FUZZ_SELF_IDS", "").split(",")))
NOBODY = "00000000-0000-4000-8000-000000000000"


@schemathesis.hook
def before_call(context, case, kwargs):
    params = case.path_parameters or {}
    if case.method.upper() == "PUT" and case.operation.path == "/api/users/{id}" and params.get("id") in SELF_IDS:
        case.path_parameters = {**params, "id": NOBODY}
