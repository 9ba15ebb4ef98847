# Frequency caps: how often one user, one account and one action type may be contacted.
package actionplane.gate

default history := {}

history := input.history if is_object(input.history)

deny contains {
	"rule": "frequency_cap.user_weekly",
	"message": sprintf("User %v already got %v nudges in the last 7 days; the weekly cap per user is %v.", [input.user.id, history.nudges_user_7d, limits.nudges_per_user_week]),
} if {
	acting
	targets_user
	history.nudges_user_7d >= limits.nudges_per_user_week
}

deny contains {
	"rule": "frequency_cap.account_weekly",
	"message": sprintf("Users of account %v already got %v nudges in the last 7 days; the weekly cap per account is %v.", [input.account.id, history.nudges_account_7d, limits.nudges_per_account_week]),
} if {
	acting
	targets_user
	history.nudges_account_7d >= limits.nudges_per_account_week
}

# Messages count across channels (in-app, e-mail, CSM contact) so no channel escapes the cap.
sends_message if input.action.type in limits.message_types

sends_message if channel == "email"

deny contains {
	"rule": "frequency_cap.messages_weekly",
	"message": sprintf("Account %v already got %v messages across all channels in the last 7 days; the weekly cap is %v.", [input.account.id, history.messages_account_7d, limits.messages_per_account_week]),
} if {
	acting
	sends_message
	history.messages_account_7d >= limits.messages_per_account_week
}

# Each channel has its own weekly budget per account (across all users and all CSMs), from
# limits.channel_caps_per_account_week; history.channels_account_7d counts what was applied.
deny contains {
	"rule": "frequency_cap.channel_weekly",
	"message": sprintf("Account %v already got %v %v actions in the last 7 days; the weekly cap for that channel is %v.", [input.account.id, object.get(object.get(history, "channels_account_7d", {}), channel, 0), channel, limits.channel_caps_per_account_week[channel]]),
} if {
	acting
	object.get(object.get(history, "channels_account_7d", {}), channel, 0) >= limits.channel_caps_per_account_week[channel]
}

deny contains {
	"rule": "frequency_cap.cooldown",
	"message": sprintf("%v was done %v days ago; it may be repeated after %v days.", [input.action.type, history.days_since_same_action, metadata.cooldown_days]),
} if {
	acting
	is_number(history.days_since_same_action)
	history.days_since_same_action < metadata.cooldown_days
}

deny contains {
	"rule": "frequency_cap.discounts_90d",
	"message": sprintf("Account %v already got %v discounts in the last 90 days; the limit is %v.", [input.account.id, history.discounts_account_90d, limits.discounts_per_account_90d]),
} if {
	acting
	input.action.type == "offer_discount"
	history.discounts_account_90d >= limits.discounts_per_account_90d
}

# The user's own frequency preference from the preference center: "fewer" lowers their weekly cap,
# "none" stops nudges entirely. "normal" (or no preference) leaves the product-wide cap in force.
preferred_nudges_per_week := {"fewer": 1, "none": 0}

deny contains {
	"rule": "frequency.user_preference",
	"message": sprintf("User %v asked for %v nudges (at most %v a week) and already got %v in the last 7 days.", [input.user.id, input.user.frequency, preferred_nudges_per_week[input.user.frequency], object.get(history, "nudges_user_7d", 0)]),
} if {
	acting
	targets_user
	object.get(history, "nudges_user_7d", 0) >= preferred_nudges_per_week[input.user.frequency]
}
