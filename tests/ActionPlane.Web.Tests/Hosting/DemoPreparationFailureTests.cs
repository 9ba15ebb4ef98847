using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;

namespace ActionPlane.Web.Tests.Hosting;

/// <summary>A demo preparation that fails leaves the app up, saying so on every page, in API problems, health and the log.</summary>
[Collection(FailingPreparationAppCollection.Name)]
public sealed class DemoPreparationFailureTests(FailingPreparationAppFixture app)
{
    [Fact]
    public async Task FailedPreparation_ShowsItsError_AndTheAppStaysUp()
    {
        await app.Failure.Reached.WaitAsync(TimeSpan.FromMinutes(2));
        using var client = app.CreateClient();
        var status = await WaitForStateAsync(client, "failed");

        status.GetProperty("phase").GetString().Should().Be("failed");
        status.GetProperty("error").GetString().Should().Contain("Test failure injected");
        var page = await client.GetAsync("/csm");
        page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await page.Content.ReadAsStringAsync()).Should().Contain("The demo could not be prepared").And.Contain("Test failure injected");
        var api = await client.GetAsync("/api/accounts");
        var problem = await api.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("title").GetString().Should().Be("The demo preparation failed");
        problem.GetProperty("detail").GetString().Should().Contain("Test failure injected").And.Contain("Restart");
        var healthResponse = await client.GetAsync("/health");
        healthResponse.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var health = await healthResponse.Content.ReadFromJsonAsync<JsonElement>();
        health.GetProperty("checks").GetProperty("demo").GetProperty("status").GetString().Should().Be("Unhealthy");
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        app.Logs.Lines.Should().Contain(line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("The demo preparation failed", StringComparison.Ordinal));
        app.Logs.Lines.Should().NotContain(line => line.Contains("Weekly decision run: every", StringComparison.Ordinal));
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient client, string state)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/api/demo/status", timeout.Token);
            if (status.GetProperty("state").GetString() == state)
                return status;
            await Task.Delay(100, timeout.Token);
        }
    }
}
