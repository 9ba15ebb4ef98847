package actionplane.gate_test

import data.actionplane.gate

checklist_input := object.union(context, {"user": user, "action": {
	"type": "show_checklist",
	"payload": {"user_id": "usr-0042-01", "checklist_id": "first-report", "title": "Build your first report", "items": ["Open reports"], "reason": "New here."},
	"metadata": {"audience": "user", "channel": "in_app", "category": "onboarding", "consequential": false, "reversible": true, "cost": 0, "cooldown_days": 0},
}})

system_actor := {"id": "system:nba", "roles": ["system"]}

proven := {"applied": 40, "undone": 1, "reversal_rate": 0.025, "error_rate": 0.0}

test_unattended_apply_by_system_with_good_record_allowed if {
	d := gate.decision with input as object.union(checklist_input, {"operation": "apply", "actor": system_actor, "metrics": {"action_type": proven}})
	not "autonomy.unattended_not_earned" in rules_of(d)
	d.obligations.autonomy_level == "unattended"
}

test_unattended_apply_by_system_with_high_reversal_rate_denied if {
	metrics := object.union(proven, {"undone": 8, "reversal_rate": 0.2})
	d := gate.decision with input as object.union(checklist_input, {"operation": "apply", "actor": system_actor, "metrics": {"action_type": metrics}})
	"autonomy.unattended_not_earned" in rules_of(d)
	d.obligations.autonomy_level == "suggest"
}

test_unattended_apply_by_system_with_high_error_rate_denied if {
	metrics := object.union(proven, {"error_rate": 0.3})
	d := gate.decision with input as object.union(checklist_input, {"operation": "apply", "actor": system_actor, "metrics": {"action_type": metrics}})
	"autonomy.unattended_not_earned" in rules_of(d)
}

test_unattended_apply_by_system_without_track_record_denied if {
	d := gate.decision with input as object.union(checklist_input, {"operation": "apply", "actor": system_actor, "metrics": {"action_type": {"applied": 3, "reversal_rate": 0, "error_rate": 0}}})
	"autonomy.unattended_not_earned" in rules_of(d)
	d.obligations.autonomy_level == "one_click"
}

test_unattended_apply_by_system_without_metrics_denied if {
	d := gate.decision with input as object.union(checklist_input, {"operation": "apply", "actor": system_actor})
	"autonomy.unattended_not_earned" in rules_of(d)
}

test_one_click_type_never_unattended_denied if {
	d := gate.decision with input as object.union(outreach_input, {"operation": "apply", "actor": system_actor, "metrics": {"action_type": proven}})
	"autonomy.unattended_not_earned" in rules_of(d)
	d.obligations.autonomy_level == "one_click"
}

test_person_applies_demoted_type_allowed if {
	metrics := object.union(proven, {"reversal_rate": 0.5})
	d := gate.decision with input as object.union(checklist_input, {"operation": "apply", "metrics": {"action_type": metrics}})
	d.allow == true
	d.obligations.autonomy_level == "suggest"
}

test_system_may_propose_below_unattended_allowed if {
	d := gate.decision with input as object.union(outreach_input, {"actor": system_actor})
	d.allow == true
}
