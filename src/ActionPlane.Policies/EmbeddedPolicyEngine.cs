using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ActionPlane.Policies.Rego;

namespace ActionPlane.Policies;

/// <summary>
/// The in-process policy engine: evaluates a compiled <see cref="PolicyBundle"/> with ActionPlane's own
/// Rego interpreter. Thread-safe; each evaluation has its own state and a time limit.
/// </summary>
public sealed class EmbeddedPolicyEngine(PolicyBundle bundle, TimeProvider? timeProvider = null, TimeSpan? timeout = null) : IPolicyEngine
{
    private static readonly string[] GatePath = ["actionplane", "gate", "decision"];
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(2);

    // Per document path: the input prefixes it reads (null: all of it), found once for this bundle.
    private readonly ConcurrentDictionary<string, InputReads.Tree?> _reads = new(StringComparer.Ordinal);

    public string Revision => bundle.Revision;

    public PolicyBundle Bundle => bundle;

    public ValueTask<PolicyDecision> EvaluateGateAsync(JsonObject input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var decisionId = Guid.NewGuid().ToString();
        var started = Stopwatch.GetTimestamp();
        PolicyDecision decision;
        try
        {
            var result = bundle.Engine.Evaluate(GatePath, Convert("actionplane/gate/decision", GatePath, input), Options(cancellationToken));
            decision = ToDecision(decisionId, result);
        }
        catch (RegoException e)
        {
            decision = PolicyDecision.FailClosed(decisionId, Revision, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An interpreter fault must not let an action through: deny, and say what happened.
            decision = PolicyDecision.FailClosed(decisionId, Revision, $"eval_internal_error: {e.GetType().Name}: {e.Message}");
        }

        var elapsed = (long)(Stopwatch.GetElapsedTime(started).TotalMilliseconds * 1_000_000);
        return ValueTask.FromResult(decision with { EvaluationNanoseconds = elapsed });
    }

    public ValueTask<JsonNode?> EvaluateAsync(string path, JsonObject input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var segments = path.Trim('/').Split(['/', '.'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > 0 && segments[0] == "data")
        {
            segments = segments[1..];
        }

        try
        {
            var result = bundle.Engine.Evaluate(segments, Convert(path, segments, input), Options(cancellationToken));
            return ValueTask.FromResult(result is null ? null : ValueJson.ToNode(result));
        }
        catch (RegoException e)
        {
            throw new PolicyEvaluationException(e.Code, e.Message, e);
        }
    }

    /// <summary>
    /// The input as the interpreter's values, converting only the parts the document can read when
    /// those are bounded (<see cref="InputReads"/>): the decision-log mask reads a few fields of a record
    /// that carries the whole gate input. Reads that cannot be bounded convert everything.
    /// </summary>
    private Value Convert(string key, IReadOnlyList<string> path, JsonObject input)
    {
        if (!_reads.TryGetValue(key, out var reads))
        {
            _reads[key] = reads = InputReads.Of(bundle.Engine.Policy, path) is { } prefixes ? InputReads.Tree.From(prefixes) : null;
        }

        return reads is null ? ValueJson.FromNode(input) : ValueJson.Project(input, reads);
    }

    private EvalOptions Options(CancellationToken cancellationToken) =>
        new() { Now = _time.GetUtcNow(), Timeout = _timeout, CancellationToken = cancellationToken };

    private PolicyDecision ToDecision(string decisionId, Value? result)
    {
        if (result is not ObjectValue o)
        {
            return PolicyDecision.FailClosed(decisionId, Revision,
                result is null ? "data.actionplane.gate.decision is undefined" : $"data.actionplane.gate.decision must be an object, got {result.TypeName}");
        }

        if (o.Get("allow") is not BoolValue allow)
        {
            return PolicyDecision.FailClosed(decisionId, Revision, "decision.allow must be a boolean");
        }

        var violations = new List<PolicyViolation>();
        var deny = o.Get("deny");
        IEnumerable<Value> items = deny switch
        {
            null => [],
            ArrayValue a => a.Items,
            SetValue s => s.Sorted,
            _ => [Value.Null],
        };
        foreach (var item in items)
        {
            if (item is ObjectValue v && v.Get("rule") is StringValue rule)
            {
                violations.Add(new PolicyViolation(rule.Value, v.Get("message") is StringValue m ? m.Value : ""));
            }
            else
            {
                return PolicyDecision.FailClosed(decisionId, Revision, "decision.deny must hold objects with a string rule");
            }
        }

        var requiresApproval = o.Get("requires_approval") is BoolValue { Value: true };
        var obligations = o.Get("obligations") is ObjectValue ob ? ValueJson.ToNode(ob) as JsonObject ?? [] : [];

        // A policy that says allow while listing violations is inconsistent: trust the violations.
        var allowed = allow.Value && violations.Count == 0;
        return new PolicyDecision(decisionId, allowed, violations, requiresApproval, obligations, Revision, 0);
    }
}
