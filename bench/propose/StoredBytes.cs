using Npgsql;

namespace ActionPlane.Bench.Propose;

/// <summary>
/// Rows and JSON text bytes in every Marten table of the schema (events, streams, documents): taken
/// before and after the timed loop, the difference is what each request writes — a figure load does
/// not disturb, and the size of the save's payload.
/// </summary>
public static class StoredBytes
{
    public static async Task<IReadOnlyDictionary<string, (long Rows, long Bytes)>> MeasureAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<(string Name, bool HasData)>();
        await using (var list = new NpgsqlCommand(
            "select t.table_name, exists (select 1 from information_schema.columns c where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'data') " +
            "from information_schema.tables t where t.table_schema = $1 and t.table_type = 'BASE TABLE' order by 1", connection) { Parameters = { new() { Value = schema } } })
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                tables.Add((reader.GetString(0), reader.GetBoolean(1)));
        var sizes = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (var (name, hasData) in tables)
        {
            var bytes = hasData ? "coalesce(sum(octet_length(data::text)), 0)" : "0";
            await using var count = new NpgsqlCommand($"select count(*), {bytes} from \"{schema}\".\"{name}\"", connection);
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            sizes[name] = (reader.GetInt64(0), reader.GetInt64(1));
        }
        return sizes;
    }

    /// <summary>Per request: rows and JSON bytes each table gained between the two measurements (tables that did not change are left out).</summary>
    public static IReadOnlyList<TableShare> PerRequest(
        IReadOnlyDictionary<string, (long Rows, long Bytes)> before, IReadOnlyDictionary<string, (long Rows, long Bytes)> after, int requests) =>
        [.. after.Select(p => (p.Key, Rows: p.Value.Rows - before.GetValueOrDefault(p.Key).Rows, Bytes: p.Value.Bytes - before.GetValueOrDefault(p.Key).Bytes))
            .Where(t => t.Rows != 0 || t.Bytes != 0)
            .Select(t => new TableShare(t.Key, Math.Round((double)t.Rows / requests, 2), t.Bytes / requests))
            .OrderByDescending(t => t.BytesPerRequest)];
}

/// <summary>One table's rows and JSON bytes written per request.</summary>
public sealed record TableShare(
    [property: System.Text.Json.Serialization.JsonPropertyName("table")] string Table,
    [property: System.Text.Json.Serialization.JsonPropertyName("rows_per_request")] double RowsPerRequest,
    [property: System.Text.Json.Serialization.JsonPropertyName("json_bytes_per_request")] long BytesPerRequest);
