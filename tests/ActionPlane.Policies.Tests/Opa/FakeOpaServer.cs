using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ActionPlane.Policies.Tests.Opa;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 speaking OPA's Data API: each request's path and body are recorded
/// and answered by the test's <see cref="Respond"/> function.
/// </summary>
internal sealed class FakeOpaServer : IAsyncDisposable
{
    /// <summary>
    /// The client timeout for tests of what OPA answers: longer than the product's 2 s default, because
    /// this server's first answer can take seconds while CI builds the other projects on 2 cores. The
    /// timeout itself is tested with a server that never answers.
    /// </summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeOpaServer(Func<string, JsonObject, Task<(int Status, string Body)>> respond)
    {
        Respond = respond;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Func<string, JsonObject, Task<(int Status, string Body)>> Respond { get; }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    public List<(string PathAndQuery, JsonObject Body)> Requests { get; } = [];

    public static FakeOpaServer Answering(int status, string body) => new((_, _) => Task.FromResult((status, body)));

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var requestText = await reader.ReadToEndAsync();
            var body = requestText.Length == 0 ? [] : JsonNode.Parse(requestText) as JsonObject ?? [];
            var path = context.Request.Url!.PathAndQuery;
            lock (Requests)
            {
                Requests.Add((path, body));
            }

            var (status, text) = await Respond(context.Request.Url.AbsolutePath, body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(text);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // The test is over; the client went away.
        }
        catch (HttpListenerException)
        {
            // The client gave up (timeout test): nothing to answer.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
