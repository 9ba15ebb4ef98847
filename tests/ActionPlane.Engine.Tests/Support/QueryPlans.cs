using Npgsql;

namespace ActionPlane.Engine.Tests.Support;

/// <summary>Query plans for the index tests.</summary>
public static class QueryPlans
{
    /// <summary>EXPLAIN of <paramref name="command"/> with sequential scans priced out: an index the query can use shows up.</summary>
    public static async Task<List<string>> WithoutSequentialScansAsync(string connectionString, NpgsqlCommand command)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("set enable_seqscan = off", connection))
            await off.ExecuteNonQueryAsync();
        command.CommandText = "EXPLAIN " + command.CommandText;
        command.Connection = connection;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(0));
        return plan;
    }
}
