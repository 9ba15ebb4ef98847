package actionplane.gate_test

import data.actionplane.gate

outreach_input := object.union(context, {"user": null, "action": {
	"type": "csm_outreach",
	"payload": {"account_id": "acc-0042", "csm": "csm@demo.local", "reason": "Logins dropped.", "due_date": "2026-11-27", "priority": "high"},
	"metadata": {"audience": "csm", "channel": "csm_task", "category": "retention", "consequential": false, "reversible": true, "cost": 75, "cooldown_days": 14},
}})

test_user_below_weekly_cap_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"history": {"nudges_user_7d": 2}})
	d.allow == true
}

test_user_weekly_cap_reached_denied if {
	d := gate.decision with input as object.union(nudge_input, {"history": {"nudges_user_7d": 3}})
	rules_of(d) == {"frequency_cap.user_weekly"}
}

test_account_weekly_cap_reached_denied if {
	d := gate.decision with input as object.union(nudge_input, {"history": {"nudges_account_7d": 12}})
	rules_of(d) == {"frequency_cap.account_weekly"}
}

test_messages_across_channels_cap_denied if {
	d := gate.decision with input as object.union(outreach_input, {"history": {"messages_account_7d": 20}})
	rules_of(d) == {"frequency_cap.messages_weekly"}
}

test_account_action_ignores_user_caps_allowed if {
	d := gate.decision with input as object.union(outreach_input, {"history": {"nudges_user_7d": 9, "nudges_account_7d": 30}})
	d.allow == true
}

test_repeat_within_cooldown_denied if {
	d := gate.decision with input as object.union(discount_input, {"history": {"days_since_same_action": 12}})
	rules_of(d) == {"frequency_cap.cooldown"}
}

test_repeat_after_cooldown_allowed if {
	d := gate.decision with input as object.union(discount_input, {"history": {"days_since_same_action": 30}})
	d.allow == true
}

test_second_discount_in_90_days_denied if {
	d := gate.decision with input as object.union(discount_input, {"history": {"discounts_account_90d": 1}})
	rules_of(d) == {"frequency_cap.discounts_90d"}
}

test_undo_over_caps_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"operation": "undo", "history": {"nudges_user_7d": 9, "days_since_same_action": 0}})
	d.allow == true
}

test_frequency_none_denies_first_nudge if {
	d := gate.decision with input as object.union(nudge_input, {"user": {"frequency": "none"}, "history": {"nudges_user_7d": 0}})
	rules_of(d) == {"frequency.user_preference"}
}

test_frequency_fewer_denies_second_nudge_in_week if {
	d := gate.decision with input as object.union(nudge_input, {"user": {"frequency": "fewer"}, "history": {"nudges_user_7d": 1}})
	rules_of(d) == {"frequency.user_preference"}
}

test_frequency_fewer_allows_first_nudge_in_week if {
	d := gate.decision with input as object.union(nudge_input, {"user": {"frequency": "fewer"}, "history": {"nudges_user_7d": 0}})
	d.allow == true
}

test_frequency_normal_keeps_product_cap if {
	d := gate.decision with input as object.union(nudge_input, {"user": {"frequency": "normal"}, "history": {"nudges_user_7d": 2}})
	d.allow == true
}

test_frequency_none_does_not_block_undo if {
	d := gate.decision with input as object.union(nudge_input, {"operation": "undo", "user": {"frequency": "none"}})
	d.allow == true
}

test_channel_weekly_cap_reached_denied if {
	d := gate.decision with input as object.union(outreach_input, {"history": {"channels_account_7d": {"csm_task": 2}}})
	rules_of(d) == {"frequency_cap.channel_weekly"}
}

test_channel_below_weekly_cap_allowed if {
	d := gate.decision with input as object.union(outreach_input, {"history": {"channels_account_7d": {"csm_task": 1, "in_app": 11}}})
	d.allow == true
}

test_other_channel_full_allowed if {
	d := gate.decision with input as object.union(outreach_input, {"history": {"channels_account_7d": {"email": 3}}})
	d.allow == true
}

test_email_channel_cap_counts_nudges_by_email_denied if {
	email_nudge := object.union(nudge_input, {"action": {"payload": {"channel": "email"}}})
	d := gate.decision with input as object.union(email_nudge, {"history": {"channels_account_7d": {"email": 3}}})
	rules_of(d) == {"frequency_cap.channel_weekly"}
}

test_undo_over_channel_cap_allowed if {
	d := gate.decision with input as object.union(outreach_input, {"operation": "undo", "history": {"channels_account_7d": {"csm_task": 9}}})
	d.allow == true
}
