using System.Globalization;
using System.Text;
using System.Text.Json;
using ActionPlane.Engine.Lifecycle;

namespace ActionPlane.Engine.Governance;

/// <summary>
/// Writes decision records to a response body as they are read: NDJSON in OPA decision-log shape
/// or CSV (RFC 4180). Flushes every <see cref="FlushEvery"/> records so the first bytes leave early
/// and memory stays flat however large the export. The Web's export endpoints and the CLI's export
/// benchmark both write through it.
/// </summary>
public static class DecisionExport
{
    public const string Ndjson = "ndjson";
    public const string Csv = "csv";
    public const int FlushEvery = 200;

    public static IReadOnlyList<string> Formats { get; } = [Ndjson, Csv];

    public static string ContentType(string format) => format == Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";

    public static string FileName(string format, DateTimeOffset now) =>
        $"decisions-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.{format}";

    /// <summary>The CSV columns, in order (the header row).</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "proposal_id", "decision_id", "timestamp", "account_id", "user_id", "action_type", "category", "channel", "status",
        "allowed", "deny_rules", "policy_revision", "model_version", "feature_snapshot_hash", "proposed_by", "proposed_at",
        "approved_by", "approved_at", "applied_by", "applied_at", "undone_by", "undone_at", "eval_ns",
    ];

    public static async Task WriteAsync(string format, IAsyncEnumerable<DecisionRecord> records, Stream body, CancellationToken cancellationToken)
    {
        // UTF-8 without a BOM: NDJSON readers and most CSV tools choke on one.
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
        if (format == Csv)
            await writer.WriteAsync(CsvRow(CsvColumns).AsMemory(), cancellationToken);
        var count = 0;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            var line = format == Csv ? CsvRow(CsvFields(record)) : record.ToDecisionLogEntry().ToJsonString() + "\n";
            await writer.WriteAsync(line.AsMemory(), cancellationToken);
            if (++count % FlushEvery == 0)
                await writer.FlushAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    public static IReadOnlyList<string?> CsvFields(DecisionRecord r) =>
    [
        r.Id.ToString(), r.DecisionId, Time(r.Timestamp), r.AccountId, r.UserId, r.ActionType, r.Category, r.Channel,
        JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Status.ToString()), r.Allowed ? "true" : "false", string.Join(';', r.DenyRules), r.PolicyRevision, r.ModelVersion,
        r.FeatureSnapshotHash, r.ProposedBy, Time(r.ProposedAt), r.ApprovedBy, Time(r.ApprovedAt), r.AppliedBy, Time(r.AppliedAt),
        r.UndoneBy, Time(r.UndoneAt), r.EvalNanoseconds.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>One RFC 4180 record: fields with a comma, quote, CR or LF are quoted, quotes doubled; CRLF ends it.</summary>
    public static string CsvRow(IEnumerable<string?> fields)
    {
        var row = new StringBuilder();
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
                row.Append(',');
            first = false;
            var text = field ?? "";
            if (text.AsSpan().IndexOfAny(",\"\r\n") >= 0)
                row.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else
                row.Append(text);
        }
        return row.Append("\r\n").ToString();
    }

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
