using JasperFx.Events;
using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace ActionPlane.Engine.Storage;

/// <summary>
/// The <see cref="EventFieldIndex"/>es as one Marten storage feature, so a reader that relies on one can have Marten
/// create it on first use (<c>EnsureStorageExistsAsync(typeof(EventFieldIndexes))</c>), as Marten does for a document's
/// table; a full migration (<c>ApplyAllConfiguredChangesToDatabaseAsync</c>, <c>db-apply</c>) creates them too.
/// </summary>
public sealed class EventFieldIndexes(Migrator migrator, IReadOnlyList<EventFieldIndex> indexes) : FeatureSchemaBase("event_field_indexes", migrator)
{
    public IReadOnlyList<EventFieldIndex> Indexes { get; } = indexes;

    public override Type StorageType => typeof(EventFieldIndexes);

    /// <summary>The events' tables first: the indexes are on them.</summary>
    public override IEnumerable<Type> DependentTypes()
    {
        yield return typeof(IEvent);
    }

    protected override IEnumerable<ISchemaObject> schemaObjects() => Indexes;
}
