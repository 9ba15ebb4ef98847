# The action gate: the single entry point data.actionplane.gate.decision.
#
# Every concern (eligibility, frequency, windows, consent, approvals, residency) lives in its own
# file of this package and adds entries to `deny` and `obligations`; this file only assembles them.
# Limits come from data.actionplane.limits (policies/data.json) so they change without code edits.
package actionplane.gate

limits := data.actionplane.limits

# The verdict the Engine records. `allow` is true exactly when nothing denied the action.
decision := {
	"allow": allow,
	"deny": [d | some d in deny],
	"requires_approval": requires_approval,
	"obligations": obligations,
}

default allow := false

allow if count(deny) == 0

# Shorthands shared by the concern files.
# Missing or malformed parts become empty objects, so no helper ever errors on a bad input;
# the gate.* rules below deny such inputs with a reason instead.
default action_doc := {}

action_doc := input.action if is_object(input.action)

default metadata := {}

metadata := action_doc.metadata if is_object(action_doc.metadata)

default payload := {}

payload := action_doc.payload if is_object(action_doc.payload)

default account_doc := {}

account_doc := input.account if is_object(input.account)

default approvals := []

approvals := input.approvals if is_array(input.approvals)

# schedule_nudge picks its channel and category per payload; every other type uses the catalog's.
channel := object.get(payload, "channel", object.get(metadata, "channel", ""))

category := object.get(payload, "category", object.get(metadata, "category", ""))

operations := {"propose", "approve", "apply", "undo"}

# Undo compensates an earlier action, so caps, windows and consent (which guard new contact with
# the customer) do not apply to it; targeting and authorization still do. Approve only records a
# second person's consent to an action the apply gate judges in full later, so it is not "acting"
# either: at approve only targeting and the account's standing (eligibility.churned) are judged.
acting if input.operation in {"propose", "apply"}

targets_user if metadata.audience == "user"

deny contains {
	"rule": "gate.invalid_operation",
	"message": sprintf("Operation %v is not one of propose, approve, apply or undo.", [object.get(input, "operation", null)]),
} if {
	not object.get(input, "operation", null) in operations
}

deny contains {
	"rule": "gate.missing_metadata",
	"message": sprintf("Action %v has no catalog metadata; the gate cannot judge an action it does not know.", [object.get(action_doc, "type", null)]),
} if {
	not is_object(object.get(action_doc, "metadata", null))
}

# Without the account every account rule would stay silent, so its absence must deny.
deny contains {
	"rule": "gate.missing_account",
	"message": "The input has no account object, so the action cannot be checked against the account.",
} if {
	not is_object(input.account)
}

# Windows and caps are judged against the caller's clock; without it the gate cannot judge them.
deny contains {
	"rule": "gate.missing_clock",
	"message": "The input has no environment.now timestamp, so change windows cannot be checked.",
} if {
	not is_string(input.environment.now)
}

# Obligations the executor must honour when the action is applied.
obligations["explain_to_user"] := true if targets_user

obligations["approval_roles"] := ["approver"] if requires_approval

obligations["rollback_token"] := true if metadata.reversible == true

obligations["record_cost"] := metadata.cost if metadata.cost > 0
