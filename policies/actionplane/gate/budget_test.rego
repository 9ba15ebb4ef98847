package actionplane.gate_test

import data.actionplane.gate

spent_budget := {"iso_week": "2026-W48", "weekly_budget": 500, "spent": 480, "actions_applied": 6, "action_cost": 75, "suggest_only": true}

open_budget := object.union(spent_budget, {"spent": 100, "suggest_only": false})

# A checklist the system actor has earned unattended apply for: only the budget can stop it.
unattended_checklist_apply := object.union(checklist_input, {"operation": "apply", "actor": system_actor, "metrics": {"action_type": proven}})

test_system_apply_within_budget_allowed if {
	d := gate.decision with input as object.union(unattended_checklist_apply, {"budget": open_budget})
	d.allow == true
}

test_system_apply_past_budget_denied if {
	d := gate.decision with input as object.union(unattended_checklist_apply, {"budget": spent_budget})
	rules_of(d) == {"budget.suggest_only"}
}

test_service_token_apply_past_budget_denied if {
	d := gate.decision with input as object.union(outreach_input, {
		"operation": "apply", "budget": spent_budget,
		"actor": {"id": "service:0f3a", "roles": ["csm"]},
	})
	rules_of(d) == {"budget.suggest_only"}
}

test_person_apply_past_budget_allowed if {
	d := gate.decision with input as object.union(outreach_input, {"operation": "apply", "budget": spent_budget})
	d.allow == true
}

test_system_propose_past_budget_allowed if {
	d := gate.decision with input as object.union(outreach_input, {"actor": system_actor, "budget": spent_budget})
	not "budget.suggest_only" in rules_of(d)
}

test_apply_without_budget_input_allowed if {
	d := gate.decision with input as unattended_checklist_apply
	d.allow == true
}
