using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActionPlane.Web.Features.Admin;
using ActionPlane.Web.Tests.Api;
using ActionPlane.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Auth;

[Collection(AppCollection.Name)]
public sealed class ServiceTokenTests(ActionPlaneAppFixture app)
{
    [Fact]
    public async Task Admin_CreatesToken_ShownOnce_ListedWithoutSecret_AndStoredHashed()
    {
        using var admin = await app.AdminAsync();

        var (id, bearer) = await CreateAsync(admin, "list-test", ["reviewer"]);
        var list = await admin.GetStringAsync("/api/admin/tokens");

        bearer.Should().StartWith("apt_");
        list.Should().Contain(id.ToString()).And.NotContain(bearer).And.NotContain(bearer[(bearer.IndexOf('.') + 1)..]);
        list.Should().NotContain("secretHash", "the hash stays in the database too");
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = await session.LoadAsync<ServiceToken>(id);
        stored!.SecretHash.Should().NotContain(bearer[(bearer.IndexOf('.') + 1)..]).And.HaveLength(64);
    }

    [Fact]
    public async Task Token_ActsWithItsRoles_AndItsUseIsLoggedByIdNeverBySecret()
    {
        using var admin = await app.AdminAsync();
        var (id, bearer) = await CreateAsync(admin, "log-test", ["reviewer"]);
        var secret = bearer[(bearer.IndexOf('.') + 1)..];
        using var service = Client(bearer);

        var read = await service.GetAsync("/api/decisions?take=1");
        var write = await service.PostAsync("/api/accounts/no-such-account/proposals", null);
        var me = await service.GetFromJsonAsync<JsonElement>("/api/me");

        read.StatusCode.Should().Be(HttpStatusCode.OK, await read.Content.ReadAsStringAsync());
        (await write.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("rule").GetString().Should().Be("authz.not_permitted");
        me.GetProperty("id").GetString().Should().Be($"service:{id:N}");
        app.Logs.Lines.Should().Contain(l => l.Contains($"Service token {id}", StringComparison.Ordinal) && l.Contains("/api/decisions", StringComparison.Ordinal));
        app.Logs.Lines.Should().NotContain(l => l.Contains(secret, StringComparison.Ordinal), "the secret never reaches a log");
    }

    [Fact]
    public async Task Token_LimitedToScopes_IsRefusedOtherOperations_WithTheScopeRule()
    {
        using var admin = await app.AdminAsync();
        var (_, bearer) = await CreateAsync(admin, "scope-test", ["reviewer"], scopes: ["export"]);
        using var service = Client(bearer);

        var export = await service.GetAsync("/api/decisions/export?accountId=no-such-account");
        var read = await service.GetAsync("/api/decisions");

        export.StatusCode.Should().Be(HttpStatusCode.OK);
        (await read.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).GetProperty("rule").GetString().Should().Be("authz.scope");
    }

    [Fact]
    public async Task RevokedToken_Gets401_AtOnce()
    {
        using var admin = await app.AdminAsync();
        var (id, bearer) = await CreateAsync(admin, "revoke-test", ["reviewer"]);
        using var service = Client(bearer);
        (await service.GetAsync("/api/decisions")).StatusCode.Should().Be(HttpStatusCode.OK);

        var revoke = await admin.DeleteAsync($"/api/admin/tokens/{id}");
        var after = await service.GetAsync("/api/decisions");

        revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString().Should().Contain("revoked");
        (await admin.GetStringAsync("/api/admin/tokens")).Should().Contain("\"revoked\"");
    }

    [Fact]
    public async Task ExpiredOrForgedToken_Gets401()
    {
        var tokens = app.Services.GetRequiredService<ServiceTokenService>();
        var id = Guid.CreateVersion7();
        var (bearer, hash) = ServiceTokenSecret.Create(id);
        await using (var session = app.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(new ServiceToken
            {
                Id = id, Name = "expired", Roles = ["reviewer"], SecretHash = hash, CreatedBy = "test",
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-2), ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1),
            });
            await session.SaveChangesAsync();
        }
        var (_, other) = await CreateAsync(await app.AdminAsync(), "forge-test", ["reviewer"]);
        var forged = other[..(other.IndexOf('.') + 1)] + "AAAA" + other[(other.IndexOf('.') + 5)..];

        var expired = await Client(bearer).GetAsync("/api/decisions");
        var forgedResponse = await Client(forged).GetAsync("/api/decisions");

        (await expired.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString().Should().Contain("expired");
        (await forgedResponse.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString().Should().Contain("not valid");
        (await tokens.AuthenticateAsync(forged, CancellationToken.None)).Token.Should().BeNull();
    }

    [Fact]
    public async Task Create_Returns400NamingTheField_ForBadRolesScopesOrExpiry()
    {
        using var admin = await app.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/admin/tokens", new { name = "x", roles = new[] { "end_user" }, scopes = new[] { "drop_tables" }, expiresInDays = 999 });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty("roles", out _).Should().BeTrue();
        errors.TryGetProperty("scopes", out _).Should().BeTrue();
        errors.TryGetProperty("expiresInDays", out _).Should().BeTrue();
        problem.GetProperty("field").GetString().Should().Be("roles", "like every other 400 of the API, the first field to fix is named");
    }

    [Fact]
    public async Task Create_Returns400NamingTheName_WhenItIsMissing()
    {
        using var admin = await app.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/admin/tokens", new { roles = new[] { "reviewer" } });

        await response.ShouldName400Async("name");
    }

    private HttpClient Client(string bearer)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private static async Task<(Guid Id, string Bearer)> CreateAsync(HttpClient admin, string name, string[] roles, string[]? scopes = null)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/tokens", new { name, roles, scopes, expiresInDays = 1 });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement;
        return (created.GetProperty("token").GetProperty("id").GetGuid(), created.GetProperty("bearer").GetString()!);
    }
}
