package rbac

# The RBAC benchmark of OPA's policy-performance docs: one allow that scans every binding, then
# the bound role's grants. Linear on purpose; it measures the interpreter, not an index.

default allow := false

allow if {
	some binding in data.bindings
	binding.user == input.user
	some grant in data.roles[binding.role].grants
	grant.action == input.action
	grant.resource == input.resource
}
