# Authorization of every API endpoint and page: which roles may do what. The web app evaluates
# data.actionplane.authz.decision with input
#   {"operation": "...", "actor": {"id": "...", "roles": [...], "scopes": [...]?}, "resource": {...}}
# where resource carries what is known about the target (user_id, proposal_id, proposed_by,
# account_id, ...). The operations are listed in src/ActionPlane.Web/Auth/Operations.cs.
package actionplane.authz

# Staff operations, on anything.
permissions := {
	"csm": {
		"read_profile", "read_accounts", "propose", "edit_proposal", "simulate", "request_approval",
		"apply", "undo", "read", "read_nudges",
	},
	"approver": {"read_profile", "read_approvals", "approve", "reject", "read", "read_nudges"},
	"reviewer": {"read_profile", "read", "read_audit", "export", "replay", "read_nudges"},
	# Admins run the system but do not approve: maker-checker approval is the approver's duty alone.
	"admin": {
		"read_profile", "read_accounts", "propose", "edit_proposal", "simulate", "request_approval",
		"apply", "undo", "read", "read_approvals", "read_audit", "export", "replay", "read_nudges",
		"record_outcome", "train_model", "manage_tokens", "run_autopilot",
		"run_decisions",
	},
	"end_user": {"read_profile"},
}

# What an end user may do, only on what is theirs.
self_service := {"self_service", "read_nudges", "dismiss", "read_preferences", "edit_preferences"}

default actor := {}

actor := input.actor if is_object(input.actor)

default roles := []

roles := actor.roles if is_array(actor.roles)

default resource := {}

resource := input.resource if is_object(input.resource)

default allow := false

allow if {
	count(deny) == 0
	granted
}

granted if {
	some role in roles
	input.operation in permissions[role]
}

granted if {
	"end_user" in roles
	input.operation in self_service
	own
}

own if resource.user_id == actor.id

# A page or call that names no user acts on the caller's own data: the service scopes it by the
# caller's id (the nudge panel, a nudge that does not exist).
own if not resource.user_id

# Maker-checker: nobody approves what they proposed, whatever roles they hold.
deny contains {
	"rule": "authz.self_approval",
	"message": sprintf("%v proposed this action and cannot also approve it (maker-checker: a second person approves).", [actor.id]),
} if {
	input.operation == "approve"
	resource.proposed_by == actor.id
}

# A service-account token limited to scopes may do only those operations.
deny contains {
	"rule": "authz.scope",
	"message": sprintf("This token's scopes (%v) do not include %v.", [concat(", ", actor.scopes), input.operation]),
} if {
	is_array(actor.scopes)
	count(actor.scopes) > 0
	not input.operation in actor.scopes
}

# An end user reaching for someone else's nudges or preferences.
foreign if {
	"end_user" in roles
	input.operation in self_service
	resource.user_id
	resource.user_id != actor.id
}

deny contains {
	"rule": "authz.not_own",
	"message": "End users see and answer only their own nudges and change only their own preferences.",
} if {
	foreign
	not granted
}

deny contains {
	"rule": "authz.not_permitted",
	"message": sprintf("%v (roles: %v) may not %v.", [object.get(actor, "id", null), concat(", ", roles), input.operation]),
} if {
	not granted
	not foreign
}

decision := {"allow": allow, "deny": [d | some d in deny]}
