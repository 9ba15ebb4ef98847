using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Hosting;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActionPlane.Web.Tests.Auth;

/// <summary>
/// OIDC sign-in wired end to end against a tiny identity provider served by the test (discovery
/// document, JWKS, token endpoint): the code flow with PKCE, the role claim mapped to ActionPlane's roles.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const string ClientId = "actionplane-test";
    private readonly RSA _key = RSA.Create(2048);
    private WebApplication _provider = default!;
    private WebApplication _app = default!;
    private string _issuer = default!;
    private string? _nonce;
    private string? _codeChallenge;
    private bool _pkceVerified;

    public async Task InitializeAsync()
    {
        _provider = BuildProvider();
        await _provider.StartAsync();
        _issuer = Address(_provider);

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ActionPlane:Auth:SigningKey"] = new string('k', 40),
            ["ActionPlane:Auth:Oidc:Authority"] = _issuer,
            ["ActionPlane:Auth:Oidc:ClientId"] = ClientId,
            ["ActionPlane:Auth:Oidc:ClientSecret"] = "test-secret",
            ["ActionPlane:Auth:Oidc:RoleClaim"] = "groups",
        });
        builder.Services.AddActionPlaneAuth(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(RepositoryPolicies.Engine);
        builder.Services.AddAntiforgery();
        builder.Services.AddProblemDetails();
        // The test talks plain http; production keeps the handler's secure-only correlation cookies.
        builder.Services.PostConfigure<OpenIdConnectOptions>(OidcSettings.Scheme, o =>
        {
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.UseAntiforgery();
        _app.MapAuthEndpoints();
        _app.MapGet("/who", (ClaimsPrincipal user) => new
        {
            id = user.FindFirst(AppUser.IdClaim)?.Value,
            name = user.Identity?.Name,
            roles = user.FindAll(AppUser.RoleClaim).Select(c => c.Value).ToArray(),
        }).RequireAuthorization();
        await _app.StartAsync();
    }

    [Fact]
    public async Task SignIn_ThroughTheProvider_MapsItsRoleClaimToActionPlaneRoles()
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = new Uri(Address(_app)) };

        var challenge = await client.GetAsync($"{OidcSetup.ChallengePath}?returnUrl=%2Fwho");
        var authorize = challenge.Headers.Location!;
        var query = QueryHelpers.ParseQuery(authorize.Query);
        _nonce = query["nonce"];
        _codeChallenge = query["code_challenge"];
        var callback = await client.GetAsync($"/signin-oidc?code=test-code&state={Uri.EscapeDataString(query["state"]!)}");
        var who = await client.GetAsync(callback.Headers.Location);

        authorize.GetLeftPart(UriPartial.Path).Should().Be($"{_issuer}authorize");
        query["client_id"].ToString().Should().Be(ClientId);
        query["code_challenge_method"].ToString().Should().Be("S256");
        callback.StatusCode.Should().Be(HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync());
        callback.Headers.Location!.ToString().Should().Be("/who");
        _pkceVerified.Should().BeTrue("the token request carried the PKCE verifier");
        var body = JsonDocument.Parse(await who.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("id").GetString().Should().Be("oidc-user-1");
        body.GetProperty("name").GetString().Should().Be("Olive Oidc");
        body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().BeEquivalentTo(["csm", "approver"], "unknown groups are dropped");
    }

    [Theory]
    [InlineData("https://login.example.com", "", "secret", "ClientId")]
    [InlineData("https://login.example.com", "app", "", "ClientSecret")]
    [InlineData("http://login.example.com", "app", "secret", "Authority")]
    [InlineData("not a url", "app", "secret", "Authority")]
    [InlineData("", "app", "secret", "Authority")]
    public void Settings_NameTheSettingToFix(string authority, string clientId, string secret, string field)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ActionPlane:Auth:Oidc:Authority"] = authority,
            ["ActionPlane:Auth:Oidc:ClientId"] = clientId,
            ["ActionPlane:Auth:Oidc:ClientSecret"] = secret,
        }).Build();

        var read = () => OidcSettings.Read(configuration);

        read.Should().Throw<StartupConfigurationException>().WithMessage($"*ActionPlane:Auth:Oidc:{field}*");
    }

    [Fact]
    public void Settings_AreOff_WhenNothingIsConfigured_AndNeverPrintTheSecret()
    {
        OidcSettings.Read(new ConfigurationBuilder().Build()).Should().BeNull();
        var settings = OidcSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ActionPlane:Auth:Oidc:Authority"] = "https://login.example.com",
            ["ActionPlane:Auth:Oidc:ClientId"] = "app",
            ["ActionPlane:Auth:Oidc:ClientSecret"] = "s3cr3t-value",
        }).Build())!;

        settings.RoleClaim.Should().Be("roles");
        settings.ToString().Should().NotContain("s3cr3t-value");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
        _key.Dispose();
    }

    private WebApplication BuildProvider()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var provider = builder.Build();
        var signing = new RsaSecurityKey(_key) { KeyId = "test-key" };
        provider.MapGet("/.well-known/openid-configuration", () =>
        {
            var issuer = Address(provider);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = $"{issuer}authorize",
                ["token_endpoint"] = $"{issuer}token",
                ["jwks_uri"] = $"{issuer}jwks",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        provider.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.ExportParameters(false)) { KeyId = "test-key" });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        provider.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var verifier = form["code_verifier"].ToString();
            _pkceVerified = form["code"] == "test-code" && _codeChallenge is not null
                && Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) == _codeChallenge;
            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Address(provider),
                Audience = ClientId,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = "oidc-user-1",
                    ["email"] = "olive@example.com",
                    ["name"] = "Olive Oidc",
                    ["nonce"] = _nonce!,
                    ["groups"] = new[] { "csm", "approver", "intern" },
                },
                SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { id_token = idToken, access_token = "opaque", token_type = "Bearer", expires_in = 300 });
        });
        return provider;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
}
