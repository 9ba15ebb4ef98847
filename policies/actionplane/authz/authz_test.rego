package actionplane.authz_test

import data.actionplane.authz

test_csm_propose_allowed if {
	authz.allow with input as {"operation": "propose", "actor": {"id": "csm@demo.local", "roles": ["csm"]}, "resource": {}}
}

test_csm_approve_denied if {
	not authz.allow with input as {"operation": "approve", "actor": {"id": "csm@demo.local", "roles": ["csm"]}, "resource": {"proposed_by": "nba-engine"}}
}

test_approver_approve_allowed if {
	authz.allow with input as {"operation": "approve", "actor": {"id": "approver@demo.local", "roles": ["approver"]}, "resource": {"proposed_by": "csm@demo.local"}}
}

test_admin_approves_own_proposal_denied if {
	d := authz.decision with input as {"operation": "approve", "actor": {"id": "admin@demo.local", "roles": ["admin"]}, "resource": {"proposed_by": "admin@demo.local"}}
	d.allow == false
	{x.rule | some x in d.deny} == {"authz.self_approval"}
}

test_reviewer_export_allowed if {
	authz.allow with input as {"operation": "export", "actor": {"id": "audit@demo.local", "roles": ["reviewer"]}, "resource": {}}
}

test_reviewer_apply_denied if {
	d := authz.decision with input as {"operation": "apply", "actor": {"id": "audit@demo.local", "roles": ["reviewer"]}, "resource": {}}
	d.allow == false
	{x.rule | some x in d.deny} == {"authz.not_permitted"}
}

test_end_user_dismisses_own_nudge_allowed if {
	authz.allow with input as {"operation": "dismiss", "actor": {"id": "usr-0042-01", "roles": ["end_user"]}, "resource": {"user_id": "usr-0042-01"}}
}

test_end_user_dismisses_other_users_nudge_denied if {
	not authz.allow with input as {"operation": "dismiss", "actor": {"id": "usr-0042-01", "roles": ["end_user"]}, "resource": {"user_id": "usr-0042-02"}}
}

test_unknown_role_denied if {
	not authz.allow with input as {"operation": "read", "actor": {"id": "x@demo.local", "roles": ["intern"]}, "resource": {}}
}

test_missing_actor_denied if {
	d := authz.decision with input as {"operation": "read", "resource": {}}
	d.allow == false
	{x.rule | some x in d.deny} == {"authz.not_permitted"}
}
