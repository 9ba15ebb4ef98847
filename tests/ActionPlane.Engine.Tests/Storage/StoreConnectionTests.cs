using ActionPlane.Engine.Storage;
using ActionPlane.Engine.Tests.Support;
using Marten;
using Npgsql;

namespace ActionPlane.Engine.Tests.Storage;

/// <summary>The store's connections prepare the statements they repeat, unless the operator's connection string says otherwise.</summary>
public sealed class StoreConnectionTests(PostgresFixture postgres) : HarnessTest(postgres)
{
    [Fact]
    public async Task AStatementTheStoreRepeats_IsPreparedOnItsConnection()
    {
        await using var session = H.Store.QuerySession();
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync();

        for (var i = 0; i < 6; i++)
        {
            await using var repeated = new NpgsqlCommand("select count(*) from pg_class where relname = $1", connection) { Parameters = { new() { Value = "x" } } };
            await repeated.ExecuteScalarAsync();
        }
        await using var prepared = new NpgsqlCommand("select count(*) from pg_prepared_statements where statement like '%relname = $1%'", connection);

        ((long)(await prepared.ExecuteScalarAsync())!).Should().Be(1);
    }

    [Theory]
    [InlineData("Host=db;Database=ap;Max Auto Prepare=0")]
    [InlineData("Host=db;Database=ap;maxautoprepare=0")]
    public void AnOperatorsAutoPrepareSetting_IsKept(string connectionString) =>
        ActionPlaneStore.WithAutoPrepare(connectionString).Should().Be(connectionString);

    [Fact]
    public void WithoutASetting_TheStorePreparesItsRepeatedStatements() =>
        new NpgsqlConnectionStringBuilder(ActionPlaneStore.WithAutoPrepare("Host=db;Database=ap")).MaxAutoPrepare.Should().BeGreaterThan(0);
}
