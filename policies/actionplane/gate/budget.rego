# Weekly budget: past the tenant's weekly budget, proposals degrade to suggest-only. Suggest-only
# means a person decides: a CSM may still review and apply the action explicitly, but nothing applies
# it unattended — neither the system actor (the engine's own autopilot, role "system") nor a
# service-account token (actor id "service:…", a script or scheduler). The Engine supplies
# input.budget at apply when a weekly budget is configured: the ISO week, the budget, what applied
# actions still in effect have spent, this action's cost, and suggest_only when it no longer fits.
package actionplane.gate

default budget_doc := {}

budget_doc := input.budget if is_object(input.budget)

budget_actor := object.get(input, "actor", {})

unattended_actor if system_actor

unattended_actor if startswith(object.get(budget_actor, "id", ""), "service:")

unattended_actor if startswith(object.get(budget_actor, "id", ""), "system:")

deny contains {
	"rule": "budget.suggest_only",
	"message": sprintf(
		"The weekly budget of week %v is spent (%v of %v spent, %v actions applied; this action costs %v), so %v is suggest-only: a person must apply it, not %v.",
		[
			object.get(budget_doc, "iso_week", ""), object.get(budget_doc, "spent", null), object.get(budget_doc, "weekly_budget", null),
			object.get(budget_doc, "actions_applied", null), object.get(budget_doc, "action_cost", null),
			object.get(action_doc, "type", ""), object.get(budget_actor, "id", ""),
		],
	),
} if {
	input.operation == "apply"
	budget_doc.suggest_only == true
	unattended_actor
}
