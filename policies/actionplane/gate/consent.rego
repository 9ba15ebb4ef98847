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

deny contains {
	"rule": "consent.category_suppressed",
	"message": sprintf("%v messages are suppressed for account %v.", [category, input.account.id]),
} if {
	acting
	category in object.get(history, "suppressed_categories", [])
}
