# Autonomy: how far an action type may run without a person. data.json sets the highest level each
# type may reach (suggest < one_click < unattended). The level holds only while the type's measured
# record over the last window (input.metrics.action_type, computed from the decision records) stays
# under the reversal- and error-rate thresholds: a type that misbehaves falls back to suggest, and
# unattended needs a track record of at least min_applied applies.
#
# suggest: a person reviews (and usually simulates) before applying; one_click: a person applies it
# directly; unattended: the system actor may apply it with no person involved.
package actionplane.gate

default autonomy_limits := {}

autonomy_limits := limits.autonomy if is_object(limits.autonomy)

configured_autonomy := object.get(object.get(autonomy_limits, "levels", {}), object.get(action_doc, "type", ""), "suggest")

default action_metrics := {}

action_metrics := input.metrics.action_type if is_object(input.metrics.action_type)

# Rates are null until something was applied (or attempted); null is "no evidence", never "fine".
rates_exceeded if {
	is_number(action_metrics.reversal_rate)
	action_metrics.reversal_rate > autonomy_limits.max_reversal_rate
}

rates_exceeded if {
	is_number(action_metrics.error_rate)
	action_metrics.error_rate > autonomy_limits.max_error_rate
}

unattended_earned if {
	configured_autonomy == "unattended"
	not rates_exceeded
	object.get(action_metrics, "applied", 0) >= autonomy_limits.min_applied
}

default autonomy_level := "suggest"

autonomy_level := "unattended" if unattended_earned

autonomy_level := "one_click" if {
	configured_autonomy in {"unattended", "one_click"}
	not rates_exceeded
	not unattended_earned
}

system_actor if "system" in object.get(object.get(input, "actor", {}), "roles", [])

deny contains {
	"rule": "autonomy.unattended_not_earned",
	"message": sprintf(
		"%v runs at %v autonomy, so a person must apply it: unattended needs at least %v applies in the last %v days with reversal rate <= %v and error rate <= %v (measured: %v applied, reversal rate %v, error rate %v; configured level %v).",
		[
			object.get(action_doc, "type", ""), autonomy_level, autonomy_limits.min_applied, autonomy_limits.window_days,
			autonomy_limits.max_reversal_rate, autonomy_limits.max_error_rate,
			object.get(action_metrics, "applied", 0), object.get(action_metrics, "reversal_rate", null),
			object.get(action_metrics, "error_rate", null), configured_autonomy,
		],
	),
} if {
	input.operation == "apply"
	system_actor
	autonomy_level != "unattended"
}

obligations["autonomy_level"] := autonomy_level
