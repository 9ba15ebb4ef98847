package actionplane.gate_test

import data.actionplane.gate

# Fixtures: realistic inputs that pass every rule, so each test changes one thing and can expect
# exactly one rule to fire. Tuesday 2026-11-24, 10:00 UTC is 11:00 in Berlin.
account := {
	"id": "acc-0042", "plan": "pro", "segment": "smb", "region": "eu",
	"timezone": "Europe/Berlin", "mrr": 1200, "seats": 25,
	"renewal_date": "2027-01-15", "days_to_renewal": 52, "environment": "production",
	"consent": {"personalization": true, "email": true}, "frozen_until": null, "churned_on": null,
	"churn_probability": 0.42, "risk_tier": "high",
}

user := {"id": "usr-0042-01", "role": "admin", "opted_out": false, "muted_categories": []}

history := {
	"nudges_user_7d": 1, "nudges_account_7d": 3, "messages_account_7d": 4,
	"discounts_account_90d": 0, "days_since_same_action": null, "suppressions": [],
	"channels_account_7d": {"in_app": 3, "email": 0, "csm_task": 0, "billing": 0},
}

environment := {"name": "production", "now": "2026-11-24T10:00:00Z"}

# Everything but the action: the account, its admin user, a quiet week, a CSM actor.
context := {
	"operation": "propose",
	"account": account, "user": user, "history": history,
	"actor": {"id": "csm@demo.local", "roles": ["csm"]},
	"approvals": [],
	"environment": environment,
}

nudge_input := object.union(context, {"action": {
	"type": "schedule_nudge",
	"payload": {
		"user_id": "usr-0042-01", "channel": "in_app", "category": "adoption",
		"message": "Reports you build once can be sent to your team every Monday.",
		"send_at": "2026-11-24T10:30:00+01:00",
		"reason": "You opened reports 6 times this week but have not scheduled one.",
	},
	"metadata": {
		"audience": "user", "channel": "in_app", "category": "adoption",
		"consequential": false, "reversible": true, "cost": 0, "cooldown_days": 2,
	},
}})

email_nudge_input := object.union(nudge_input, {"action": {"payload": {"channel": "email"}}})

# Account-level actions have no target user.
discount_input := object.union(context, {"user": null, "action": {
	"type": "offer_discount",
	"payload": {"account_id": "acc-0042", "percent": 15, "months": 3, "reason": "Retention offer before renewal."},
	"metadata": {
		"audience": "account", "channel": "billing", "category": "pricing",
		"consequential": true, "reversible": true, "cost": 0, "cooldown_days": 30,
	},
}})

approved_discount_apply := object.union(discount_input, {
	"operation": "apply",
	"action": {"approval_hash": "h-approved"},
	"approvals": [{"by": "approver@demo.local", "roles": ["approver"], "hash": "h-approved"}],
})

rules_of(d) := {x.rule | some x in d.deny}

test_nudge_within_caps_allowed if {
	d := gate.decision with input as nudge_input
	d.allow == true
	d.deny == []
	d.requires_approval == false
	d.obligations.explain_to_user == true
}

test_email_nudge_in_business_hours_allowed if {
	d := gate.decision with input as email_nudge_input
	d.allow == true
	d.obligations.email_sender == "mail.eu.actionplane.example"
}

test_discount_proposal_needs_approval_allowed if {
	d := gate.decision with input as discount_input
	d.allow == true
	d.requires_approval == true
	d.obligations.approval_roles == ["approver"]
}

test_allow_matches_empty_deny_denied if {
	d := gate.decision with input as object.union(nudge_input, {"history": {"nudges_user_7d": 9}})
	d.allow == false
	count(d.deny) > 0
}

test_unknown_operation_denied if {
	d := gate.decision with input as object.union(nudge_input, {"operation": "delete"})
	rules_of(d) == {"gate.invalid_operation"}
}

test_missing_metadata_denied if {
	d := gate.decision with input as object.union(nudge_input, {"action": {"metadata": null}})
	d.allow == false
	"gate.missing_metadata" in rules_of(d)
}

test_missing_clock_denied if {
	d := gate.decision with input as object.union(nudge_input, {"environment": {"now": null}})
	d.allow == false
	"gate.missing_clock" in rules_of(d)
}

test_deny_entries_have_rule_and_message_denied if {
	d := gate.decision with input as object.union(nudge_input, {"history": {"nudges_user_7d": 3}})
	some entry in d.deny
	entry.rule == "frequency_cap.user_weekly"
	entry.message == "User usr-0042-01 already got 3 nudges in the last 7 days; the weekly cap per user is 3."
}

test_missing_account_denied if {
	d := gate.decision with input as object.union(nudge_input, {"account": null})
	d.allow == false
	"gate.missing_account" in rules_of(d)
}

test_null_approvals_at_apply_denied if {
	d := gate.decision with input as object.union(discount_input, {"operation": "apply", "approvals": null})
	rules_of(d) == {"approval.missing"}
}
