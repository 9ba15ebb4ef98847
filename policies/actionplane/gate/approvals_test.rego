package actionplane.gate_test

import data.actionplane.gate

test_apply_with_approval_by_other_approver_allowed if {
	d := gate.decision with input as approved_discount_apply
	d.allow == true
	d.requires_approval == true
}

test_apply_without_approval_denied if {
	d := gate.decision with input as object.union(discount_input, {"operation": "apply"})
	rules_of(d) == {"approval.missing"}
}

test_apply_with_self_approval_denied if {
	inp := object.union(approved_discount_apply, {
		"actor": {"id": "approver@demo.local", "roles": ["csm", "approver"]},
	})
	d := gate.decision with input as inp
	rules_of(d) == {"approval.missing"}
	some entry in d.deny
	indexof(entry.message, "also applying it") >= 0
}

test_apply_with_approval_by_non_approver_denied if {
	d := gate.decision with input as object.union(approved_discount_apply, {"approvals": [{"by": "csm2@demo.local", "roles": ["csm"], "hash": "h-approved"}]})
	rules_of(d) == {"approval.missing"}
}

test_apply_non_consequential_without_approval_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"operation": "apply"})
	d.allow == true
	d.requires_approval == false
}

test_discount_above_maximum_denied if {
	d := gate.decision with input as object.union(approved_discount_apply, {"action": {"payload": {"percent": 40}}})
	rules_of(d) == {"approval.max_discount"}
}

# The threshold rule stands on its own, should the catalog ever mark discounts non-consequential.
test_small_discount_no_approval_needed_allowed if {
	inp := object.union(discount_input, {"action": {"payload": {"percent": 5}, "metadata": {"consequential": false}}})
	d := gate.decision with input as inp
	d.requires_approval == false
}

test_discount_above_threshold_needs_approval_denied if {
	inp := object.union(discount_input, {"operation": "apply", "action": {"payload": {"percent": 20}, "metadata": {"consequential": false}}})
	d := gate.decision with input as inp
	d.requires_approval == true
	rules_of(d) == {"approval.missing"}
}

test_apply_with_approval_for_another_payload_denied if {
	inp := object.union(approved_discount_apply, {"action": {"approval_hash": "h-edited"}})
	d := gate.decision with input as inp
	rules_of(d) == {"approval.voided"}
	some entry in d.deny
	indexof(entry.message, "approver@demo.local") >= 0
}

test_apply_with_approval_without_hash_denied if {
	inp := object.union(discount_input, {"operation": "apply", "approvals": [{"by": "approver@demo.local", "roles": ["approver"]}]})
	d := gate.decision with input as object.union(inp, {"action": {"approval_hash": "h-approved"}})
	rules_of(d) == {"approval.voided"}
}

test_apply_with_voided_and_fresh_approval_allowed if {
	approvals := [
		{"by": "approver@demo.local", "roles": ["approver"], "hash": "h-old"},
		{"by": "approver2@demo.local", "roles": ["approver"], "hash": "h-approved"},
	]
	d := gate.decision with input as object.union(approved_discount_apply, {"approvals": approvals})
	d.allow == true
}
