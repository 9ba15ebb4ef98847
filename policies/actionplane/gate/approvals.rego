# Approvals: maker-checker for consequential actions and limits on discount size.
package actionplane.gate

default requires_approval := false

requires_approval if metadata.consequential == true

requires_approval if discount_above_threshold

discount_above_threshold if {
	input.action.type == "offer_discount"
	payload.percent > limits.discount_no_approval_percent
}

# An approval counts only from an approver who is not the person applying the action.
approved_by_other if {
	some approval in approvals
	approval.by != input.actor.id
	"approver" in approval.roles
}

self_approved if {
	some approval in approvals
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
