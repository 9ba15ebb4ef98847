# Approvals: maker-checker for consequential actions and limits on discount size.
package actionplane.gate

default requires_approval := false

requires_approval if metadata.consequential == true

requires_approval if discount_above_threshold

discount_above_threshold if {
	input.action.type == "offer_discount"
	payload.percent > limits.discount_no_approval_percent
}

# An approval is bound to the payload and policy revision it was given for: the Engine records a
# hash of both with the approval and supplies the current one as input.action.approval_hash. Editing
# the payload, or a new policy revision, changes the current hash and voids every earlier approval.
current_approval_hash := object.get(action_doc, "approval_hash", "")

approval_valid(approval) if {
	current_approval_hash != ""
	approval.hash == current_approval_hash
}

voided_approvals := [approval.by | some approval in approvals; not approval_valid(approval)]

# An approval counts only from an approver who is not the person applying the action.
approved_by_other if {
	some approval in approvals
	approval_valid(approval)
	approval.by != input.actor.id
	"approver" in approval.roles
}

self_approved if {
	some approval in approvals
	approval_valid(approval)
	approval.by == input.actor.id
}

deny contains {
	"rule": "approval.max_discount",
	"message": sprintf("A %v percent discount exceeds the maximum of %v percent.", [payload.percent, limits.discount_max_percent]),
} if {
	acting
	input.action.type == "offer_discount"
	payload.percent > limits.discount_max_percent
}

deny contains {
	"rule": "approval.missing",
	"message": sprintf("%v needs an approval from someone with role approver other than %v before it is applied; none was given.", [input.action.type, input.actor.id]),
} if {
	input.operation == "apply"
	requires_approval
	not approved_by_other
	not self_approved
	count(voided_approvals) == 0
}

deny contains {
	"rule": "approval.voided",
	"message": sprintf("The approval by %v was given for another payload or policy revision (the payload was edited or the policy changed since); it no longer counts, so %v must be approved again.", [concat(", ", voided_approvals), input.action.type]),
} if {
	input.operation == "apply"
	requires_approval
	not approved_by_other
	not self_approved
	count(voided_approvals) > 0
}

deny contains {
	"rule": "approval.missing",
	"message": sprintf("%v was approved only by %v, who is also applying it; a second person with role approver must approve.", [input.action.type, input.actor.id]),
} if {
	input.operation == "apply"
	requires_approval
	not approved_by_other
	self_approved
}
