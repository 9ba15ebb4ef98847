using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Engine.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL cluster (non-durable, in a temp folder) shared by the test classes of
/// the "postgres" collection; each class uses its own schema. Stopped and deleted at the end.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ap-tests-" + Guid.NewGuid().ToString("N"));
    private PostgresLauncher? _launcher;

    public string ConnectionString => _launcher?.ConnectionString ?? throw new InvalidOperationException("The cluster is not started.");

    public async Task InitializeAsync() =>
        _launcher = await PostgresLauncher.StartAsync(new PostgresLauncherOptions { DataDirectory = _folder, Durable = false });

    /// <summary>A Marten store on its own schema, emptied first so a test starts from nothing.</summary>
    public async Task<DocumentStore> CreateStoreAsync(string schema)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(ConnectionString);
            options.DatabaseSchemaName = schema;
        });
        await store.Advanced.Clean.CompletelyRemoveAllAsync();
        return store;
    }

    public async Task DisposeAsync()
    {
        if (_launcher is not null)
            await _launcher.DisposeAsync();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
