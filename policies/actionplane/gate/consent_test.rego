package actionplane.gate_test

import data.actionplane.gate

test_without_personalization_consent_denied if {
	d := gate.decision with input as object.union(nudge_input, {"account": {"consent": {"personalization": false}}})
	rules_of(d) == {"consent.personalization"}
}

test_missing_consent_flag_denied if {
	d := gate.decision with input as object.union(nudge_input, {"account": {"consent": {"personalization": null}}})
	rules_of(d) == {"consent.personalization"}
}

test_email_without_email_consent_denied if {
	d := gate.decision with input as object.union(email_nudge_input, {"account": {"consent": {"email": false}}})
	rules_of(d) == {"consent.email"}
}

test_in_app_without_email_consent_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"account": {"consent": {"email": false}}})
	d.allow == true
}

test_opted_out_user_denied if {
	d := gate.decision with input as object.union(nudge_input, {"user": {"opted_out": true}})
	rules_of(d) == {"consent.user_opted_out"}
}

test_muted_category_denied if {
	d := gate.decision with input as object.union(nudge_input, {"user": {"muted_categories": ["adoption"]}})
	rules_of(d) == {"consent.category_muted"}
}

test_other_muted_category_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"user": {"muted_categories": ["pricing"]}})
	d.allow == true
}

test_suppressed_category_denied if {
	suppressions := [{"scope": "category", "value": "pricing", "until": "2027-01-23T10:00:00Z"}]
	d := gate.decision with input as object.union(discount_input, {"history": {"suppressions": suppressions}})
	rules_of(d) == {"consent.category_suppressed"}
}

test_expired_category_suppression_allowed if {
	suppressions := [{"scope": "category", "value": "pricing", "until": "2026-11-24T09:59:59Z"}]
	d := gate.decision with input as object.union(discount_input, {"history": {"suppressions": suppressions}})
	d.allow == true
}

test_suppressed_action_denied if {
	suppressions := [{"scope": "action", "value": "schedule_nudge", "until": "2027-01-23T10:00:00Z"}]
	d := gate.decision with input as object.union(nudge_input, {"history": {"suppressions": suppressions}})
	rules_of(d) == {"consent.action_suppressed"}
}

test_suppressed_other_action_same_category_allowed if {
	suppressions := [{"scope": "action", "value": "show_checklist", "until": "2027-01-23T10:00:00Z"}]
	d := gate.decision with input as object.union(nudge_input, {"history": {"suppressions": suppressions}})
	d.allow == true
}

test_undo_of_suppressed_action_allowed if {
	suppressions := [{"scope": "action", "value": "schedule_nudge", "until": "2027-01-23T10:00:00Z"}]
	d := gate.decision with input as object.union(nudge_input, {"operation": "undo", "history": {"suppressions": suppressions}})
	d.allow == true
}

test_undo_after_opt_out_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"operation": "undo", "user": {"opted_out": true}})
	d.allow == true
}
