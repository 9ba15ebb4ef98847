using ActionPlane.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ActionPlane.Web.Tests.Hosting;

public sealed class EmbeddedDatabaseTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ap-embedded-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private WebApplicationBuilder Builder(params string[] args) =>
        WebApplication.CreateBuilder([$"--ActionPlane:DataDirectory={_folder}", .. args]);

    [Fact]
    public async Task WithoutConnectionString_StartsAPrivateCluster_PointsTheAppAtIt_AndStopsItOnDispose()
    {
        var builder = Builder();

        string connectionString;
        await using (var database = await EmbeddedDatabase.TryStartAsync(builder))
        {
            database.Should().NotBeNull();
            database!.IsEmbedded.Should().BeTrue();
            connectionString = builder.Configuration.GetConnectionString(HostingSettings.ConnectionStringName)!;
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        }

        File.Exists(Path.Combine(_folder, "cluster", "PG_VERSION")).Should().BeTrue("the cluster lives in the data directory");
        var afterStop = async () =>
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 2, Pooling = false }.ConnectionString);
            await connection.OpenAsync();
        };
        await afterStop.Should().ThrowAsync<NpgsqlException>("disposing stops the cluster this process started");
    }

    [Fact]
    public async Task WithConnectionString_StartsNoCluster()
    {
        var builder = Builder("--ConnectionStrings:ActionPlane=Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z");

        await using var database = await EmbeddedDatabase.TryStartAsync(builder);

        database!.IsEmbedded.Should().BeFalse();
        Directory.Exists(_folder).Should().BeFalse("nothing is initialised when a database is configured");
    }
}
