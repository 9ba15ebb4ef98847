using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql;

namespace ActionPlane.Engine.Storage;

/// <summary>
/// A B-tree index on one JSON field of one event type's data in Marten's <c>mt_events</c> (or on its stream id), partial
/// on that type: Marten 9 declares no indexes on event data. The event store is told to ignore the index
/// (<see cref="Marten.Events.IEventStoreOptions.IgnoreIndex"/>), otherwise its table migration would drop it as drift;
/// this schema object creates it when missing. Its name carries its definition: change the field or type, change the name.
/// Partial on the type, so only that type's appends pay for it.
/// </summary>
public sealed class EventFieldIndex : ISchemaObject
{
    private readonly string _schemaName;
    private readonly string _eventTypeName;
    private readonly string _expression;

    private EventFieldIndex(string schemaName, string name, string eventTypeName, string expression)
    {
        _schemaName = schemaName;
        _eventTypeName = eventTypeName;
        _expression = expression;
        Name = name;
        Identifier = new PostgresqlObjectName(schemaName, name, SchemaUtils.IdentifierUsage.General);
    }

    /// <param name="sqlType">Index <c>CAST(data ->> field AS sqlType)</c> instead of the text: Marten's LINQ compares a Guid field that way.</param>
    public static EventFieldIndex OnField(string schemaName, string name, string eventTypeName, string field, string? sqlType = null) =>
        new(schemaName, name, eventTypeName, sqlType is null ? $"(data ->> '{field}')" : $"(CAST(data ->> '{field}' AS {sqlType}))");

    /// <summary>The events of one type by stream id; being partial, also the planner's way to read only that type's rows.</summary>
    public static EventFieldIndex OnStreamId(string schemaName, string name, string eventTypeName) => new(schemaName, name, eventTypeName, "stream_id");

    public string Name { get; }

    public DbObjectName Identifier { get; }

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) =>
        writer.WriteLine($"CREATE INDEX IF NOT EXISTS {Name} ON {_schemaName}.mt_events ({_expression}) WHERE type = '{_eventTypeName}';");

    public void WriteDropStatement(Migrator migrator, TextWriter writer) =>
        writer.WriteLine($"DROP INDEX IF EXISTS {_schemaName}.{Name};");

    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
    {
        builder.Append("select count(*) from pg_indexes where schemaname = ");
        builder.AppendParameter(_schemaName);
        builder.Append(" and indexname = ");
        builder.AppendParameter(Name);
        builder.Append(";");
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct)
    {
        await reader.ReadAsync(ct);
        var exists = await reader.GetFieldValueAsync<long>(0, ct) > 0;
        return new Delta(this, exists ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
    }

    public IEnumerable<DbObjectName> AllNames()
    {
        yield return Identifier;
    }

    private sealed class Delta(EventFieldIndex index, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => index;

        public SchemaPatchDifference Difference => difference;

        public void WriteUpdate(Migrator rules, TextWriter writer) => index.WriteCreateStatement(rules, writer);

        public void WriteRollback(Migrator rules, TextWriter writer) => index.WriteDropStatement(rules, writer);

        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer)
        {
            // Nothing to restore: the index was either there (no change) or not (dropping it is the rollback).
        }
    }
}
