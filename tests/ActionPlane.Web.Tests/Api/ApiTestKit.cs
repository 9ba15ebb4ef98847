using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionPlane.Engine.Decisioning;
using ActionPlane.Engine.Domain;
using ActionPlane.Engine.Storage;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Api;

/// <summary>
/// Helpers for the API tests: signed-in clients, accounts no other API test touches (the app and its
/// database are shared by the whole collection), and reading problem details.
/// </summary>
internal static class ApiTestKit
{
    private static readonly HashSet<string> s_claimed = [];
    private static readonly Lock s_gate = new();

    public static Task<HttpClient> CsmAsync(this ActionPlaneAppFixture app) => app.CreateClientAsync("csm@demo.local");
    public static Task<HttpClient> ApproverAsync(this ActionPlaneAppFixture app) => app.CreateClientAsync("approver@demo.local");
    public static Task<HttpClient> ReviewerAsync(this ActionPlaneAppFixture app) => app.CreateClientAsync("reviewer@demo.local");
    public static Task<HttpClient> EndUserAsync(this ActionPlaneAppFixture app) => app.CreateClientAsync("enduser@demo.local");

    /// <summary>A client with a token minted by the app's own issuer, for roles the demo has no sign-in for (admin, other end users).</summary>
    public static HttpClient ClientFor(this ActionPlaneAppFixture app, AppUser user)
    {
        var token = app.Services.GetRequiredService<TokenIssuer>().Issue(user);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    public static HttpClient AdminClient(this ActionPlaneAppFixture app) =>
        app.ClientFor(new AppUser("admin@test.local", "admin@test.local", "Ada Admin", [Roles.Admin]));

    /// <summary>
    /// Accounts (riskiest first) that match <paramref name="filter"/>, are in production, are not in
    /// the measurement holdout, and that no other API test has claimed; each is claimed as it is yielded. The demo end user's account is
    /// left to the UI tests.
    /// </summary>
    public static async IAsyncEnumerable<JsonElement> ClaimAccountsAsync(this ActionPlaneAppFixture app, HttpClient client, Func<JsonElement, bool>? filter = null)
    {
        var demoAccount = await DemoArrange.DemoEndUserAccountAsync(app.Services);
        // Holdout accounts get no actionable proposals (DecisionTraceApiTests covers them).
        var holdout = app.Services.GetRequiredService<ActionPlaneEngineOptions>().Decisioning.Arbitration;
        var accounts = await client.GetFromJsonAsync<JsonElement>("/api/accounts");
        foreach (var account in accounts.EnumerateArray())
        {
            var id = account.GetProperty("id").GetString()!;
            if (id == demoAccount || account.GetProperty("environment").GetString() != "production" || (filter is not null && !filter(account))
                || HoldoutAssignment.IsHoldout(id, holdout))
                continue;
            lock (s_gate)
            {
                if (!s_claimed.Add(id))
                    continue;
            }
            yield return account;
        }
    }

    /// <summary>
    /// Marks the account churned on <paramref name="day"/> until the returned scope is disposed (the shared demo tenant
    /// gets its customer back, so no later test finds it gone).
    /// </summary>
    public static async Task<IAsyncDisposable> ChurnUntilDisposedAsync(this ActionPlaneAppFixture app, string accountId, DateOnly day)
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var account = (await session.LoadAsync<Account>(accountId))!;
        session.Store(account with { ChurnedOn = day });
        await session.SaveChangesAsync();
        return new Restore(store, account);
    }

    private sealed class Restore(IDocumentStore store, Account account) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var session = store.LightweightSession();
            session.Store(account);
            await session.SaveChangesAsync();
        }
    }

    /// <summary>An allowed proposal that needs no approval, on an account no other test uses.</summary>
    public static async Task<(JsonElement Account, JsonElement Proposal)> FindApplicableAsync(this ActionPlaneAppFixture app, HttpClient client, Func<JsonElement, bool>? filter = null)
    {
        await foreach (var account in app.ClaimAccountsAsync(client, filter))
        {
            var response = await client.PostAsync($"/api/accounts/{account.GetProperty("id").GetString()}/proposals", null);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
            foreach (var proposal in batch.GetProperty("proposals").EnumerateArray())
            {
                var decision = proposal.GetProperty("policyDecision");
                if (decision.GetProperty("allow").GetBoolean() && !decision.GetProperty("requires_approval").GetBoolean()
                    && proposal.GetProperty("status").GetString() == "allowed")
                    return (account, proposal);
            }
        }
        throw new InvalidOperationException("No unclaimed account has an allowed proposal that needs no approval.");
    }

    /// <summary>End users of an account who accept nudges of <paramref name="category"/>.</summary>
    public static async Task<IReadOnlyList<EndUser>> ReachableUsersAsync(this ActionPlaneAppFixture app, string accountId, string category)
    {
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var users = await session.Query<EndUser>().Where(u => u.AccountId == accountId).ToListAsync();
        return [.. users.Where(u => !u.OptedOut && !u.MutedCategories.Contains(category)).OrderBy(u => u.Id, StringComparer.Ordinal)];
    }

    /// <summary>The CSM proposes and applies an in-app nudge (through the API) for a user of an unclaimed account.</summary>
    public static async Task<(EndUser User, string ProposalId)> ApplyNudgeForUnclaimedUserAsync(this ActionPlaneAppFixture app, string message)
    {
        using var csm = await app.CsmAsync();
        var (user, id) = await app.ProposeNudgeForUnclaimedUserAsync(csm, message);
        var applied = await csm.ApplyAsync(id, Guid.NewGuid().ToString("N"));
        applied.StatusCode.Should().Be(HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        return (user, id);
    }

    /// <summary>An allowed in-app nudge proposed (through the API, left open) for a user of an unclaimed account.</summary>
    public static async Task<(EndUser User, string ProposalId)> ProposeNudgeForUnclaimedUserAsync(this ActionPlaneAppFixture app, HttpClient csm, string message)
    {
        await foreach (var account in app.ClaimAccountsAsync(csm))
        {
            var accountId = account.GetProperty("id").GetString()!;
            foreach (var user in (await app.ReachableUsersAsync(accountId, "adoption")).Take(2))
            {
                if (await csm.ProposeAllowedAsync(accountId, "schedule_nudge", NudgePayload(user.Id, message)) is { } proposal)
                    return (user, proposal.GetProperty("id").GetString()!);
            }
        }
        throw new InvalidOperationException("No unclaimed account allows an in-app nudge.");
    }

    public static JsonObject NudgePayload(string userId, string message) => new()
    {
        ["user_id"] = userId,
        ["channel"] = "in_app",
        ["category"] = "adoption",
        ["message"] = message,
        ["send_at"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["reason"] = "Teams like yours save an hour a week with automations.",
    };

    public static JsonObject DiscountPayload(string accountId, int percent) => new()
    {
        ["account_id"] = accountId,
        ["percent"] = percent,
        ["months"] = 3,
        ["reason"] = "Renewal at risk after a drop in weekly active users.",
    };

    /// <summary>POSTs <c>{"actionType","payload"}</c> and returns the one proposal, or null when the gate denied it.</summary>
    public static async Task<JsonElement?> ProposeAllowedAsync(this HttpClient client, string accountId, string actionType, JsonObject payload)
    {
        var response = await client.PostAsJsonAsync($"/api/accounts/{accountId}/proposals", new { actionType, payload });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var proposal = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposals")[0];
        return proposal.GetProperty("policyDecision").GetProperty("allow").GetBoolean() ? proposal : null;
    }

    public static Task<HttpResponseMessage> ApplyAsync(this HttpClient client, string proposalId, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/proposals/{proposalId}/apply");
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> UndoAsync(this HttpClient client, string proposalId, string rollbackToken) =>
        client.PostAsJsonAsync($"/api/proposals/{proposalId}/undo", new { rollbackToken });

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> RecordAsync(this HttpClient client, string proposalId)
    {
        var response = await client.GetAsync($"/api/proposals/{proposalId}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<int> TrailLengthAsync(this HttpClient client, string proposalId) =>
        (await client.RecordAsync(proposalId)).GetProperty("trail").GetArrayLength();

    public static async Task<string[]> TrailTypesAsync(this HttpClient client, string proposalId) =>
        [.. (await client.RecordAsync(proposalId)).GetProperty("trail").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];

    /// <summary>Asserts a problem details response with <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a 400 that names <paramref name="field"/> in its <c>field</c> extension and its detail.</summary>
    public static async Task ShouldName400Async(this HttpResponseMessage response, string field)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("field").GetString().Should().Be(field);
        problem.GetProperty("detail").GetString().Should().Contain(field);
    }

    /// <summary>A 5 % discount proposed (allowed, needing approval) on an unclaimed medium/high-risk account renewing in over 30 days.</summary>
    public static async Task<(JsonElement Account, JsonElement Proposal)> ProposeDiscountAsync(this ActionPlaneAppFixture app, HttpClient client)
    {
        var soon = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30));
        await foreach (var account in app.ClaimAccountsAsync(client, a =>
            a.GetProperty("riskTier").GetString() is "high" or "medium" && DateOnly.ParseExact(a.GetProperty("renewalDate").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) > soon))
        {
            var id = account.GetProperty("id").GetString()!;
            if (await client.ProposeAllowedAsync(id, "offer_discount", DiscountPayload(id, 5)) is { } proposal)
                return (account, proposal);
        }
        throw new InvalidOperationException("No unclaimed account allows a discount.");
    }
}
