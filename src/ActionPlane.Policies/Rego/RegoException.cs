namespace ActionPlane.Policies.Rego;

/// <summary>
/// A parse, compile or evaluation failure with an OPA error code (e.g. <c>rego_parse_error</c>,
/// <c>eval_conflict_error</c>) and the location it refers to.
/// </summary>
internal sealed class RegoException(string code, string message, Location? location = null)
    : Exception(location is { } l ? $"{l}: {code}: {message}" : $"{code}: {message}")
{
    public string Code { get; } = code;
    public string Detail { get; } = message;
    public Location? Location { get; } = location;

    public const string ParseError = "rego_parse_error";
    public const string CompileError = "rego_compile_error";
    public const string TypeErrorCompile = "rego_type_error";
    public const string UnsafeVar = "rego_unsafe_var_error";
    public const string Recursion = "rego_recursion_error";
    public const string Conflict = "eval_conflict_error";
    public const string TypeError = "eval_type_error";
    public const string BuiltinError = "eval_builtin_error";
    public const string Cancel = "eval_cancel_error";
    public const string Internal = "eval_internal_error";
}
