package actionplane.gate_test

import data.actionplane.gate

upgrade_input := object.union(context, {"action": {
	"type": "suggest_upgrade_within_policy",
	"payload": {"account_id": "acc-0042", "user_id": "usr-0042-01", "target_plan": "enterprise", "message": "Enterprise removes the seat limit."},
	"metadata": {"audience": "user", "channel": "in_app", "category": "pricing", "consequential": false, "reversible": true, "cost": 0, "cooldown_days": 30},
}})

trial_input := object.union(context, {"user": null, "action": {
	"type": "unlock_trial_within_caps",
	"payload": {"account_id": "acc-0042", "feature": "api", "days": 14, "seats": 10},
	"metadata": {"audience": "account", "channel": "in_app", "category": "adoption", "consequential": false, "reversible": true, "cost": 25, "cooldown_days": 90},
}})

test_user_action_without_user_denied if {
	d := gate.decision with input as object.union(nudge_input, {"user": null})
	rules_of(d) == {"eligibility.audience_missing"}
}

test_payload_for_other_account_denied if {
	d := gate.decision with input as object.union(discount_input, {"action": {"payload": {"account_id": "acc-0099"}}})
	rules_of(d) == {"eligibility.account_mismatch"}
}

test_payload_for_other_user_denied if {
	d := gate.decision with input as object.union(nudge_input, {"action": {"payload": {"user_id": "usr-0042-07"}}})
	rules_of(d) == {"eligibility.user_mismatch"}
}

test_upgrade_to_higher_plan_allowed if {
	d := gate.decision with input as upgrade_input
	d.allow == true
}

test_upgrade_to_current_plan_denied if {
	d := gate.decision with input as object.union(upgrade_input, {"action": {"payload": {"target_plan": "pro"}}})
	rules_of(d) == {"eligibility.upgrade_not_higher"}
}

test_upgrade_shown_to_member_denied if {
	d := gate.decision with input as object.union(upgrade_input, {"user": {"role": "member"}})
	rules_of(d) == {"eligibility.upgrade_role"}
}

test_trial_within_seats_allowed if {
	d := gate.decision with input as trial_input
	d.allow == true
}

test_trial_beyond_account_seats_denied if {
	d := gate.decision with input as object.union(trial_input, {"action": {"payload": {"seats": 40}}})
	rules_of(d) == {"eligibility.trial_seats"}
}

test_discount_for_healthy_account_denied if {
	d := gate.decision with input as object.union(discount_input, {"account": {"risk_tier": "low"}})
	rules_of(d) == {"eligibility.discount_risk"}
}

test_email_to_sandbox_account_denied if {
	d := gate.decision with input as object.union(email_nudge_input, {"account": {"environment": "sandbox"}})
	rules_of(d) == {"eligibility.sandbox_account"}
}

test_in_app_to_sandbox_account_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"account": {"environment": "sandbox"}})
	d.allow == true
}

test_sandbox_deployment_on_production_account_denied if {
	d := gate.decision with input as object.union(nudge_input, {"environment": {"name": "sandbox"}})
	rules_of(d) == {"eligibility.environment"}
}

test_costly_reversible_action_obligations_allowed if {
	d := gate.decision with input as trial_input
	d.allow == true
	d.obligations == {"rollback_token": true, "record_cost": 25, "autonomy_level": "one_click"}
}

churned := {"account": {"churned_on": "2026-10-03"}}

test_churned_account_propose_denied if {
	d := gate.decision with input as object.union(nudge_input, churned)
	d.deny == [{"rule": "eligibility.churned", "message": "Account acc-0042 churned on 2026-10-03: former customers get no actions."}]
}

# Simulate asks the apply gate, so this also covers the preview a CSM sees.
test_churned_account_apply_of_approved_discount_denied if {
	d := gate.decision with input as object.union(approved_discount_apply, churned)
	rules_of(d) == {"eligibility.churned"}
}

test_churned_account_unattended_apply_denied if {
	d := gate.decision with input as object.union(checklist_input, object.union(churned, {"operation": "apply", "actor": system_actor, "metrics": {"action_type": proven}}))
	rules_of(d) == {"eligibility.churned"}
}

test_churned_account_approve_denied if {
	d := gate.decision with input as object.union(discount_input, object.union(churned, {"operation": "approve", "actor": {"id": "approver@demo.local", "roles": ["approver"]}}))
	rules_of(d) == {"eligibility.churned"}
}

# Undo takes an action back: a former customer's last action can still be undone.
test_churned_account_undo_allowed if {
	d := gate.decision with input as object.union(nudge_input, object.union(churned, {"operation": "undo"}))
	d.allow == true
}

# Approve judges targeting and standing only: caps and windows are the apply gate's, when the action would happen.
test_approve_of_active_account_over_caps_allowed if {
	d := gate.decision with input as object.union(discount_input, {"operation": "approve", "account": {"days_to_renewal": 3}, "history": {"discounts_account_90d": 9}})
	d.allow == true
}

# Inputs recorded before the field existed have no churned_on: replaying them must not deny.
test_input_without_churned_on_allowed if {
	d := gate.decision with input as object.union(nudge_input, {"account": object.remove(account, ["churned_on"])})
	d.allow == true
}
