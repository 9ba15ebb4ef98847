package actionplane.authz_test

import data.actionplane.authz

csm := {"id": "csm@demo.local", "roles": ["csm"]}

approver := {"id": "approver@demo.local", "roles": ["approver"]}

reviewer := {"id": "audit@demo.local", "roles": ["reviewer"]}

admin := {"id": "admin@demo.local", "roles": ["admin"]}

end_user := {"id": "usr-0042-01", "roles": ["end_user"]}

rules(d) := {x.rule | some x in d.deny}

test_csm_propose_allowed if {
	authz.allow with input as {"operation": "propose", "actor": csm, "resource": {}}
}

test_csm_simulate_apply_undo_allowed if {
	every op in ["simulate", "request_approval", "apply", "undo", "edit_proposal", "read_accounts"] {
		authz.allow with input as {"operation": op, "actor": csm, "resource": {}}
	}
}

test_csm_approve_denied if {
	not authz.allow with input as {"operation": "approve", "actor": csm, "resource": {"proposed_by": "nba-engine"}}
}

test_csm_reads_audit_log_denied if {
	not authz.allow with input as {"operation": "read_audit", "actor": csm, "resource": {}}
}

test_approver_approve_allowed if {
	authz.allow with input as {"operation": "approve", "actor": approver, "resource": {"proposed_by": "csm@demo.local"}}
}

test_approver_apply_denied if {
	not authz.allow with input as {"operation": "apply", "actor": approver, "resource": {}}
}

test_approver_and_csm_approves_own_proposal_denied if {
	d := authz.decision with input as {
		"operation": "approve",
		"actor": {"id": "approver@demo.local", "roles": ["approver", "csm"]},
		"resource": {"proposed_by": "approver@demo.local"},
	}
	d.allow == false
	rules(d) == {"authz.self_approval"}
}

test_admin_approve_denied if {
	d := authz.decision with input as {"operation": "approve", "actor": admin, "resource": {"proposed_by": "csm@demo.local"}}
	d.allow == false
	rules(d) == {"authz.not_permitted"}
}

test_admin_run_autopilot_allowed if {
	authz.allow with input as {"operation": "run_autopilot", "actor": admin, "resource": {}}
}

test_csm_run_autopilot_denied if {
	d := authz.decision with input as {"operation": "run_autopilot", "actor": csm, "resource": {}}
	d.allow == false
	rules(d) == {"authz.not_permitted"}
}

test_admin_manage_tokens_allowed if {
	authz.allow with input as {"operation": "manage_tokens", "actor": admin, "resource": {}}
}

test_non_admin_manage_tokens_denied if {
	every a in [csm, approver, reviewer, end_user] {
		not authz.allow with input as {"operation": "manage_tokens", "actor": a, "resource": {}}
	}
}

test_admin_run_decisions_allowed if {
	authz.allow with input as {"operation": "run_decisions", "actor": admin, "resource": {}}
}

test_non_admin_run_decisions_denied if {
	every a in [csm, approver, reviewer, end_user] {
		not authz.allow with input as {"operation": "run_decisions", "actor": a, "resource": {}}
	}
}

test_reviewer_export_allowed if {
	authz.allow with input as {"operation": "export", "actor": reviewer, "resource": {}}
}

test_reviewer_replay_allowed if {
	authz.allow with input as {"operation": "replay", "actor": reviewer, "resource": {}}
}

test_reviewer_apply_denied if {
	d := authz.decision with input as {"operation": "apply", "actor": reviewer, "resource": {}}
	d.allow == false
	rules(d) == {"authz.not_permitted"}
}

test_reviewer_changes_nothing_denied if {
	every op in ["propose", "edit_proposal", "simulate", "request_approval", "approve", "reject", "apply", "undo", "dismiss", "edit_preferences", "record_outcome", "train_model", "manage_tokens", "run_autopilot"] {
		not authz.allow with input as {"operation": op, "actor": reviewer, "resource": {}}
	}
}

test_end_user_dismisses_own_nudge_allowed if {
	authz.allow with input as {"operation": "dismiss", "actor": end_user, "resource": {"user_id": "usr-0042-01"}}
}

test_end_user_dismisses_other_users_nudge_denied if {
	d := authz.decision with input as {"operation": "dismiss", "actor": end_user, "resource": {"user_id": "usr-0042-02"}}
	d.allow == false
	rules(d) == {"authz.not_own"}
}

test_end_user_reads_other_users_preferences_denied if {
	not authz.allow with input as {"operation": "read_preferences", "actor": end_user, "resource": {"user_id": "usr-0042-02"}}
}

test_end_user_edits_own_preferences_allowed if {
	authz.allow with input as {"operation": "edit_preferences", "actor": end_user, "resource": {"user_id": "usr-0042-01"}}
}

test_staff_reads_preferences_denied if {
	not authz.allow with input as {"operation": "read_preferences", "actor": csm, "resource": {"user_id": "usr-0042-01"}}
}

test_staff_reads_any_users_nudges_allowed if {
	authz.allow with input as {"operation": "read_nudges", "actor": reviewer, "resource": {"user_id": "usr-0042-01"}}
}

test_end_user_reads_a_proposal_denied if {
	not authz.allow with input as {"operation": "read", "actor": end_user, "resource": {"user_id": "usr-0042-01"}}
}

test_staff_self_service_pages_denied if {
	not authz.allow with input as {"operation": "self_service", "actor": csm, "resource": {}}
}

test_service_token_within_scope_allowed if {
	authz.allow with input as {"operation": "record_outcome", "actor": {"id": "service:ingest", "roles": ["admin"], "scopes": ["record_outcome"]}, "resource": {}}
}

test_service_token_outside_scope_denied if {
	d := authz.decision with input as {"operation": "apply", "actor": {"id": "service:ingest", "roles": ["admin"], "scopes": ["record_outcome"]}, "resource": {}}
	d.allow == false
	rules(d) == {"authz.scope"}
}

test_service_token_scopes_do_not_add_rights_denied if {
	not authz.allow with input as {"operation": "manage_tokens", "actor": {"id": "service:x", "roles": ["csm"], "scopes": ["manage_tokens"]}, "resource": {}}
}

test_unknown_role_denied if {
	not authz.allow with input as {"operation": "read", "actor": {"id": "x@demo.local", "roles": ["intern"]}, "resource": {}}
}

test_unknown_operation_denied if {
	not authz.allow with input as {"operation": "drop_tables", "actor": admin, "resource": {}}
}

test_missing_actor_denied if {
	d := authz.decision with input as {"operation": "read", "resource": {}}
	d.allow == false
	rules(d) == {"authz.not_permitted"}
}
