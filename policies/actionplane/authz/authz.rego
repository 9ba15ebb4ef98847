# API authorization: which roles may do what. Evaluated at data.actionplane.authz.allow with
# input {"operation": "...", "actor": {"id": "...", "roles": [...]}, "resource": {...}}.
#
# Operations: propose, apply, approve, reject, undo, read (decisions, proposals, audit log),
# export (the audit log), replay (a past decision under another policy revision),
# dismiss (an end user's own nudge).
package actionplane.authz

permissions := {
	"csm": {"propose", "apply", "undo", "read"},
	"approver": {"approve", "reject", "read"},
	"reviewer": {"read", "export", "replay"},
	"admin": {"propose", "apply", "approve", "reject", "undo", "read", "export", "replay"},
	"end_user": set(),
}

default actor := {}

actor := input.actor if is_object(input.actor)

default allow := false

allow if {
	count(deny) == 0
	granted
}

granted if {
	some role in input.actor.roles
	input.operation in permissions[role]
}

# End users act only on what is theirs: reading and dismissing their own nudges.
granted if {
	"end_user" in input.actor.roles
	input.operation in {"read", "dismiss"}
	input.resource.user_id == input.actor.id
}

# Maker-checker: nobody approves what they proposed, whatever roles they hold.
deny contains {
	"rule": "authz.self_approval",
	"message": sprintf("%v proposed this action and cannot also approve it.", [input.actor.id]),
} if {
	input.operation == "approve"
	input.resource.proposed_by == input.actor.id
}

deny contains {
	"rule": "authz.not_permitted",
	"message": sprintf("%v (roles: %v) may not %v.", [object.get(actor, "id", null), concat(", ", object.get(actor, "roles", [])), input.operation]),
} if {
	not granted
}

decision := {"allow": allow, "deny": [d | some d in deny]}
