using System.Globalization;
using ActionPlane.Engine.Decisioning.OffPolicy;
using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Metrics;
using ActionPlane.Web.Features.Governance;

namespace ActionPlane.Web.Api;

/// <summary><c>GET /api/governance/parity</c> and <c>/api/governance/metrics</c>: aggregate views over the decision log.</summary>
public static class GovernanceReportEndpoints
{
    public static RouteGroupBuilder MapGovernanceReportEndpoints(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/governance")
            .WithTags("Governance")
            .RequireRoles(ApiRoles.Auditors)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        reports.MapGet("/parity", ParityAsync)
            .WithName("GetParity")
            .WithSummary("Exposure and benefit parity by plan, region and ARR band")
            .WithDescription("Over the proposals made in [from, to) (ISO 8601; default the last 12 weeks): per group, accounts and users, the share reached by an applied action " +
                "(exposure), applied actions still in effect, discounts and retained outcomes (benefit), and each rate's ratio to the best-served group of its dimension. " +
                "flagged: a ratio below threshold (default 0.8, the four-fifths rule) in a group of at least minAccounts accounts.")
            .Produces<ParityReport>();

        reports.MapGet("/metrics", MetricsAsync)
            .WithName("GetActionMetrics")
            .WithSummary("Action metrics per action type and ISO week")
            .WithDescription("Acceptance (applied ÷ allowed), reversal (undone ÷ applied), error rate and cost per successful action, by proposal cohort: " +
                "a proposal counts in the week it was proposed. from/to as ISO 8601 (default the last 12 weeks); actionType optional.")
            .Produces<IReadOnlyList<ActionMetrics>>();

        reports.MapGet("/ope", OffPolicyAsync)
            .WithName("GetOffPolicyEvaluation")
            .WithSummary("Off-policy evaluation: what each strategy would have retained, from the labelled decisions of the log")
            .WithDescription("strategy: comma-separated, any of no_action, logged (the logging policy's on-policy mean, a sanity line), greedy (exploit the values recorded at decision time) " +
                "and model:<uplift version> (greedy with that action's uplift re-scored from the stored feature snapshots by a registered champion or challenger); default no_action,logged,greedy. " +
                "Over the engine's decisions made in [from, to) (ISO 8601; default the whole log) with a retention outcome and a logged propensity: per strategy IPS, SNIPS and DR " +
                "(value, stdError, lower, upper: 95 % normal intervals; effectiveSampleSize), drIncremental (DR less no_action's), acting, agreeing (rows IPS rests on), rescored. " +
                "counts says what was read and left out (holdout, a CSM's own proposals, decisions without a usable logged choice); notEnoughBecause says why the figures are not to be trusted yet. " +
                "holdout compares the randomised holdout with the accounts the engine decides for (retention per labelled decision, account-clustered 95 % intervals, and the lift): " +
                "the realised effect, needing no propensity or model.")
            .Produces<OffPolicyEvaluation>();
        return api;
    }

    private static async Task<IResult> ParityAsync(string? from, string? to, string? threshold, GovernanceReportsService reports, CancellationToken cancellationToken)
    {
        if (TryReadWindow(from, to, reports, out var window) is { } problem)
            return problem;
        var thresholdValue = ParityAnalyzer.DefaultThreshold;
        if (!string.IsNullOrWhiteSpace(threshold)
            && (!double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out thresholdValue) || thresholdValue is <= 0 or > 1))
            return ApiProblems.Field("threshold", "threshold: must be a number above 0 and at most 1, e.g. 0.8.");
        return TypedResults.Ok(await reports.ParityAsync(window.From, window.To, thresholdValue, cancellationToken));
    }

    private static async Task<IResult> MetricsAsync(string? from, string? to, string? actionType, GovernanceReportsService reports, CancellationToken cancellationToken)
    {
        if (TryReadWindow(from, to, reports, out var window) is { } problem)
            return problem;
        return TypedResults.Ok(await reports.WeeklyMetricsAsync(window.From, window.To, string.IsNullOrWhiteSpace(actionType) ? null : actionType.Trim(), cancellationToken));
    }

    private static async Task<IResult> OffPolicyAsync(string? strategy, string? from, string? to, DecisionLogEvaluator evaluator, CancellationToken cancellationToken)
    {
        if (!DecisionEndpoints.TryParseTime(from, out var fromTime))
            return ApiProblems.Field("from", $"from: '{from}' is not a date or timestamp; use ISO 8601, e.g. 2026-09-01.");
        if (!DecisionEndpoints.TryParseTime(to, out var toTime))
            return ApiProblems.Field("to", $"to: '{to}' is not a date or timestamp; use ISO 8601, e.g. 2026-12-01.");
        var strategies = (strategy ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        try
        {
            return TypedResults.Ok(await evaluator.EvaluateAsync(strategies, fromTime, toTime, cancellationToken));
        }
        catch (OffPolicyInputException e)
        {
            return ApiProblems.Field(e.Field, e.Message);
        }
    }

    private static IResult? TryReadWindow(string? from, string? to, GovernanceReportsService reports, out (DateTimeOffset From, DateTimeOffset To) window)
    {
        window = reports.DefaultWindow();
        if (!DecisionEndpoints.TryParseTime(from, out var fromTime))
            return ApiProblems.Field("from", $"from: '{from}' is not a date or timestamp; use ISO 8601, e.g. 2026-09-01.");
        if (!DecisionEndpoints.TryParseTime(to, out var toTime))
            return ApiProblems.Field("to", $"to: '{to}' is not a date or timestamp; use ISO 8601, e.g. 2026-12-01.");
        window = (fromTime ?? (toTime ?? window.To).AddDays(-GovernanceReportsService.DefaultDays), toTime ?? window.To);
        return window.To <= window.From ? ApiProblems.Field("to", "to: must be after from (to is exclusive).") : null;
    }
}
