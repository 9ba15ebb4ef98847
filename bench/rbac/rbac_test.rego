package rbac_test

import data.rbac

test_last_user_writes_own_report_allowed if {
	rbac.allow with input as {"user": "user-199", "action": "write", "resource": "reports/19/5"}
}

test_other_roles_report_denied if {
	not rbac.allow with input as {"user": "user-199", "action": "write", "resource": "reports/18/5"}
}

test_unknown_user_denied if {
	not rbac.allow with input as {"user": "mallory", "action": "read", "resource": "reports/00/0"}
}
