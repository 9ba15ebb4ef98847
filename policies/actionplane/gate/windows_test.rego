package actionplane.gate_test

import data.actionplane.gate

test_frozen_account_denied if {
	d := gate.decision with input as object.union(nudge_input, {"account": {"frozen_until": "2026-11-24"}})
	rules_of(d) == {"windows.frozen"}
}

test_freeze_ended_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"account": {"frozen_until": "2026-11-23"}})
	d.allow == true
}

test_pricing_near_renewal_denied if {
	d := gate.decision with input as object.union(discount_input, {"account": {"days_to_renewal": 10}})
	rules_of(d) == {"windows.renewal_proximity"}
}

test_non_pricing_near_renewal_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"account": {"days_to_renewal": 3}})
	d.allow == true
}

test_email_in_the_evening_denied if {
	d := gate.decision with input as object.union(email_nudge_input, {"action": {"payload": {"send_at": "2026-11-24T20:15:00+01:00"}}})
	rules_of(d) == {"windows.business_hours"}
	some entry in d.deny
	indexof(entry.message, "Tuesday at 20:15 in Europe/Berlin") >= 0
}

test_email_on_saturday_denied if {
	d := gate.decision with input as object.union(email_nudge_input, {"action": {"payload": {"send_at": "2026-11-28T11:00:00+01:00"}}})
	rules_of(d) == {"windows.business_hours"}
}

# 08:30 UTC is 09:30 in Berlin but 08:30 in London: the account's own clock decides.
test_email_judged_in_account_time_zone_denied if {
	early := object.union(email_nudge_input, {"action": {"payload": {"send_at": "2026-11-24T08:30:00Z"}}})
	berlin := gate.decision with input as early
	london := gate.decision with input as object.union(early, {"account": {"timezone": "Europe/London"}})
	berlin.allow == true
	rules_of(london) == {"windows.business_hours"}
}

test_email_with_unknown_time_zone_denied if {
	d := gate.decision with input as object.union(email_nudge_input, {"account": {"timezone": "Mars/Olympus_Mons"}})
	rules_of(d) == {"windows.business_hours"}
}

test_in_app_in_the_evening_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"action": {"payload": {"send_at": "2026-11-24T22:00:00+01:00"}}})
	d.allow == true
}
