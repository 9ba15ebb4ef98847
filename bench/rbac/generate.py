#!/usr/bin/env python3
"""Writes bench/rbac/data.json: 200 users bound to 20 roles, 8 grants per role.

Shaped like the RBAC example in OPA's policy-performance docs so the figures compare. Deterministic:
re-running it rewrites the same file.
"""
import json
import pathlib

USERS, ROLES, GRANTS = 200, 20, 8
ACTIONS = ["read", "write", "delete", "approve"]

roles = {
    f"role-{r:02d}": {
        "grants": [
            {"action": ACTIONS[g % len(ACTIONS)], "resource": f"reports/{r:02d}/{g}"}
            for g in range(GRANTS)
        ]
    }
    for r in range(ROLES)
}
bindings = [{"user": f"user-{u:03d}", "role": f"role-{u % ROLES:02d}"} for u in range(USERS)]

out = pathlib.Path(__file__).with_name("data.json")
out.write_text(json.dumps({"roles": roles, "bindings": bindings}, indent=1) + "\n")
print(f"wrote {out}: {len(bindings)} bindings, {len(roles)} roles, {GRANTS} grants each")
