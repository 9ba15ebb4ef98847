package system.log_test

import data.system.log

test_email_erased_when_present if {
	"/input/user/email" in log.mask with input as {"input": {"user": {"id": "usr-1", "email": "ana@example.com"}}}
}

test_name_upserted_when_present if {
	{"op": "upsert", "path": "/input/user/name", "value": "**REDACTED**"} in log.mask with input as {"input": {"user": {"id": "usr-1", "name": "Ana"}}}
}

test_nothing_masked_without_personal_data if {
	count(log.mask) == 0 with input as {"input": {"user": {"id": "usr-1"}, "action": {"type": "show_checklist"}}}
}

test_nothing_masked_for_account_actions if {
	count(log.mask) == 0 with input as {"input": {"user": null, "action": {"type": "offer_discount"}}}
}
