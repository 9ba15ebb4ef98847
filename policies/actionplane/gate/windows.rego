# Change windows: when an action may happen at all.
package actionplane.gate

# Day comparisons use the ISO date prefix, so "2026-12-01" and "2026-12-01T00:00:00Z" both work.
today := substring(input.environment.now, 0, 10) if is_string(input.environment.now)

frozen_until := substring(input.account.frozen_until, 0, 10) if is_string(input.account.frozen_until)

deny contains {
	"rule": "windows.frozen",
	"message": sprintf("Account %v is in a change freeze until %v (inclusive); today is %v.", [input.account.id, frozen_until, today]),
} if {
	acting
	today <= frozen_until
}

# Pricing moves close to renewal would undercut the renewal conversation the account team owns.
deny contains {
	"rule": "windows.renewal_proximity",
	"message": sprintf("Account %v renews in %v days; pricing actions stop %v days before renewal.", [input.account.id, input.account.days_to_renewal, limits.renewal_quiet_days]),
} if {
	acting
	category == "pricing"
	is_number(input.account.days_to_renewal)
	input.account.days_to_renewal < limits.renewal_quiet_days
}

# E-mail lands in business hours of the account's time zone, judged at the moment it is sent:
# a nudge's send_at when it has one, otherwise now.
send_time := object.get(payload, "send_at", input.environment.now)

send_ns := time.parse_rfc3339_ns(send_time)

send_local_clock := time.clock([send_ns, input.account.timezone])

send_local_day := time.weekday([send_ns, input.account.timezone])

in_business_hours if {
	send_local_day in limits.business_hours.days
	send_local_clock[0] >= limits.business_hours.start_hour
	send_local_clock[0] < limits.business_hours.end_hour
}

deny contains {
	"rule": "windows.business_hours",
	"message": sprintf("E-mail to account %v would be sent on %v at %v:%v in %v; e-mail goes out only %v to %v, %v:00 to %v:00 local time.", [
		input.account.id, send_local_day, pad2(send_local_clock[0]), pad2(send_local_clock[1]), input.account.timezone,
		limits.business_hours.days[0], limits.business_hours.days[count(limits.business_hours.days) - 1],
		limits.business_hours.start_hour, limits.business_hours.end_hour,
	]),
} if {
	acting
	channel == "email"
	send_local_day
	not in_business_hours
}

# An unreadable send time or time zone must not let e-mail through unchecked.
deny contains {
	"rule": "windows.business_hours",
	"message": sprintf("Cannot tell the local time of sending %v in time zone %v, so the e-mail cannot be checked against business hours.", [send_time, object.get(account_doc, "timezone", null)]),
} if {
	acting
	channel == "email"
	not send_local_day
}

pad2(n) := sprintf("0%v", [n]) if n < 10

pad2(n) := sprintf("%v", [n]) if n >= 10
