# Eligibility: the action fits the account and the user it targets.
package actionplane.gate

deny contains {
	"rule": "eligibility.audience_missing",
	"message": sprintf("%v is shown to a user, but no target user was given.", [input.action.type]),
} if {
	targets_user
	not is_object(input.user)
}

deny contains {
	"rule": "eligibility.account_mismatch",
	"message": sprintf("The payload names account %v, but the action is evaluated for account %v.", [payload.account_id, input.account.id]),
} if {
	is_string(payload.account_id)
	payload.account_id != input.account.id
}

deny contains {
	"rule": "eligibility.user_mismatch",
	"message": sprintf("The payload names user %v, but the target user is %v.", [payload.user_id, input.user.id]),
} if {
	is_string(payload.user_id)
	is_object(input.user)
	payload.user_id != input.user.id
}

# An upgrade suggestion must point upwards: a pro account is never "upgraded" to pro.
deny contains {
	"rule": "eligibility.upgrade_not_higher",
	"message": sprintf("Account %v is already on the %v plan; suggesting %v would not be an upgrade.", [input.account.id, input.account.plan, payload.target_plan]),
} if {
	acting
	input.action.type == "suggest_upgrade_within_policy"
	limits.plan_rank[payload.target_plan] <= limits.plan_rank[input.account.plan]
}

deny contains {
	"rule": "eligibility.upgrade_role",
	"message": sprintf("Only %v users can change the plan; %v is %v.", [concat(" or ", limits.upgrade_roles), input.user.id, input.user.role]),
} if {
	acting
	input.action.type == "suggest_upgrade_within_policy"
	is_object(input.user)
	not input.user.role in limits.upgrade_roles
}

deny contains {
	"rule": "eligibility.trial_seats",
	"message": sprintf("A trial for %v seats exceeds the %v seats account %v has.", [payload.seats, input.account.seats, input.account.id]),
} if {
	acting
	input.action.type == "unlock_trial_within_caps"
	payload.seats > input.account.seats
}

# Discounts are a retention tool: healthy accounts do not get them.
deny contains {
	"rule": "eligibility.discount_risk",
	"message": sprintf("Account %v has risk tier %v; discounts are only offered at risk tiers %v.", [input.account.id, object.get(account_doc, "risk_tier", null), concat(", ", limits.discount_risk_tiers)]),
} if {
	acting
	input.action.type == "offer_discount"
	not object.get(account_doc, "risk_tier", null) in limits.discount_risk_tiers
}

# Sandbox accounts are the customer's test tenants: no real e-mail and no invoices go to them.
deny contains {
	"rule": "eligibility.sandbox_account",
	"message": sprintf("Account %v is a sandbox account; %v actions only go to production accounts.", [input.account.id, channel]),
} if {
	acting
	input.account.environment == "sandbox"
	channel in limits.sandbox_blocked_channels
}

# A sandbox deployment of ActionPlane must never touch a production account.
deny contains {
	"rule": "eligibility.environment",
	"message": sprintf("This is the %v environment; it may not act on production account %v.", [input.environment.name, input.account.id]),
} if {
	input.environment.name != "production"
	object.get(account_doc, "environment", "production") == "production"
}

# A former customer gets no actions: nothing is proposed, approved, simulated or applied (by a
# person or the autopilot) once the account has churned, however long ago the proposal was made.
# Undo stays possible: it takes an action back rather than adding one.
churned_on := substring(input.account.churned_on, 0, 10) if is_string(input.account.churned_on)

deny contains {
	"rule": "eligibility.churned",
	"message": sprintf("Account %v churned on %v: former customers get no actions.", [input.account.id, churned_on]),
} if {
	input.operation != "undo"
	churned_on
}
