using System.Net;
using System.Net.Sockets;
using ActionPlane.Engine.Storage;
using Marten;

namespace ActionPlane.Web.Tests.Infrastructure;

/// <summary>
/// Real Marten stores in the states a page must render: an empty database (a fresh schema on the
/// test cluster), and a database that has not answered yet (a socket that accepts and stays silent).
/// </summary>
public static class PageStores
{
    private static readonly Lock s_gate = new();
    private static DocumentStore? s_empty;
    private static TcpListener? s_silent;

    /// <summary>ActionPlane's schema with no rows in it.</summary>
    public static IDocumentStore Empty(ActionPlaneAppFixture app)
    {
        lock (s_gate)
        {
            return s_empty ??= ActionPlaneStore.CreateStore(new ActionPlaneEngineOptions
            {
                ConnectionString = app.ConnectionString,
                SchemaName = "empty_pages",
                RollbackTokenKey = new string('k', 48),
            });
        }
    }

    /// <summary>A store whose server refuses connections (nothing listens on the port): queries fail at once.</summary>
    public static IDocumentStore Unreachable()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop(); // the port is free again: connecting is refused
        return ActionPlaneStore.CreateStore(new ActionPlaneEngineOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Username=x;Password=x;Database=x;Timeout=5;Pooling=false",
            SchemaName = "unreachable",
            RollbackTokenKey = new string('k', 48),
        });
    }

    /// <summary>A store whose first query waits (30 s) for a server that never replies: the page stays loading.</summary>
    public static IDocumentStore Silent()
    {
        lock (s_gate)
        {
            if (s_silent is null)
            {
                s_silent = new TcpListener(IPAddress.Loopback, 0);
                s_silent.Start(); // accepted by the OS backlog, never read: the PostgreSQL handshake hangs
            }
            var port = ((IPEndPoint)s_silent.LocalEndpoint).Port;
            return ActionPlaneStore.CreateStore(new ActionPlaneEngineOptions
            {
                ConnectionString = $"Host=127.0.0.1;Port={port};Username=x;Password=x;Database=x;Timeout=30;Command Timeout=30;Pooling=false",
                SchemaName = "silent",
                RollbackTokenKey = new string('k', 48),
            });
        }
    }
}
