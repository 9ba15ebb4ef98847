# Residency: customer data in e-mail stays in the account's region, so e-mail is sent through
# the sender hosted in that region, and not at all where no in-region sender exists.
package actionplane.gate

obligations["email_sender"] := limits.email_senders[input.account.region] if channel == "email"

deny contains {
	"rule": "residency.no_regional_sender",
	"message": sprintf("Account %v is in region %v, which has no in-region e-mail sender (regions with one: %v); the e-mail would leave the region.", [input.account.id, object.get(account_doc, "region", null), concat(", ", sort([region | some region, _ in limits.email_senders]))]),
} if {
	acting
	channel == "email"
	not limits.email_senders[object.get(account_doc, "region", "")]
}
