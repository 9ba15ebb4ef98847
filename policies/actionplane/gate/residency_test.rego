package actionplane.gate_test

import data.actionplane.gate

test_eu_email_uses_eu_sender_allowed if {
	d := gate.decision with input as email_nudge_input
	d.allow == true
	d.obligations.email_sender == "mail.eu.actionplane.example"
}

test_us_email_uses_us_sender_allowed if {
	d := gate.decision with input as object.union(email_nudge_input, {"account": {"region": "us", "timezone": "America/New_York"}, "action": {"payload": {"send_at": "2026-11-24T10:30:00-05:00"}}})
	d.allow == true
	d.obligations.email_sender == "mail.us.actionplane.example"
}

test_email_to_region_without_sender_denied if {
	d := gate.decision with input as object.union(email_nudge_input, {"account": {"region": "latam"}})
	rules_of(d) == {"residency.no_regional_sender"}
}

test_in_app_in_region_without_sender_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"account": {"region": "latam"}})
	d.allow == true
	not d.obligations.email_sender
}
