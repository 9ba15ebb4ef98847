package system.log

# Decision-log masking, as OPA's data.system.log.mask: evaluated on each decision log record
# (input.input is the gate input, input.result its decision) before the record is stored.
# Reviewers need what was decided and why, not how to reach the person it was about.

mask contains "/input/user/email" if {
	_ = input.input.user.email
}

mask contains "/input/user/phone" if {
	_ = input.input.user.phone
}

# Keep that a name was there (the nudge was personalised) without keeping the name.
mask contains {"op": "upsert", "path": "/input/user/name", "value": "**REDACTED**"} if {
	_ = input.input.user.name
}
