# Consent and preferences: the account's consents, the user's opt-out and muted categories, and
# categories suppressed for the whole account (e.g. after repeated "not relevant" feedback).
package actionplane.gate

# Consent counts only when given explicitly: a missing flag is no consent.
consent_given(kind) if input.account.consent[kind] == true

deny contains {
	"rule": "consent.personalization",
	"message": sprintf("Account %v has not consented to personalised messages, so %v cannot be shown.", [input.account.id, input.action.type]),
} if {
	acting
	targets_user
	not consent_given("personalization")
}

deny contains {
	"rule": "consent.email",
	"message": sprintf("Account %v has not consented to e-mail.", [input.account.id]),
} if {
	acting
	channel == "email"
	not consent_given("email")
}

deny contains {
	"rule": "consent.user_opted_out",
	"message": sprintf("User %v opted out of personalised messages.", [input.user.id]),
} if {
	acting
	targets_user
	input.user.opted_out == true
}

deny contains {
	"rule": "consent.category_muted",
	"message": sprintf("User %v muted %v messages in the preference center.", [input.user.id, category]),
} if {
	acting
	targets_user
	category in input.user.muted_categories
}

# "Not relevant" feedback suppresses the action type or its category for a while (limits.suppression_days);
# history.suppressions lists the user's suppressions with their end, and only unexpired ones count.
suppression_active(s) if time.parse_rfc3339_ns(s.until) > time.parse_rfc3339_ns(input.environment.now)

deny contains {
	"rule": "consent.category_suppressed",
	"message": sprintf("%v messages were marked not relevant; they are suppressed until %v.", [category, s.until]),
} if {
	acting
	some s in object.get(history, "suppressions", [])
	s.scope == "category"
	s.value == category
	suppression_active(s)
}

deny contains {
	"rule": "consent.action_suppressed",
	"message": sprintf("%v was marked not relevant; it is suppressed until %v.", [input.action.type, s.until]),
} if {
	acting
	some s in object.get(history, "suppressions", [])
	s.scope == "action"
	s.value == input.action.type
	suppression_active(s)
}
