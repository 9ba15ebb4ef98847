using ActionPlane.Web.Auth;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ActionPlane.Web.Tests.Auth;

/// <summary>
/// The sign-in cookie inside a host app's frame: browsers send a cookie into a cross-site iframe
/// only when it is SameSite=None, and accept SameSite=None only with Secure.
/// </summary>
public sealed class EmbedCookieTests
{
    [Fact]
    public void SignInCookie_IsSameSiteNoneAndSecure_WhenHostOriginsMayEmbed()
    {
        var cookie = SignInCookieOnPlainHttp(("ActionPlane:Embed:AllowedOrigins:0", "https://host.example"));

        cookie.SameSite.Should().Be(SameSiteMode.None);
        cookie.Secure.Should().BeTrue("Chromium drops a SameSite=None cookie without Secure");
        cookie.HttpOnly.Should().BeTrue();
    }

    [Fact]
    public void SignInCookie_StaysLax_WhenNoHostMayEmbed()
    {
        var cookie = SignInCookieOnPlainHttp();

        cookie.SameSite.Should().Be(SameSiteMode.Lax);
        cookie.Secure.Should().BeFalse("over plain HTTP in development the cookie follows the request");
    }

    [Fact]
    public void SignInCookie_StaysLax_WhenTheOriginListIsBlank()
    {
        var cookie = SignInCookieOnPlainHttp(("ActionPlane:Embed:AllowedOrigins:0", " "));

        cookie.SameSite.Should().Be(SameSiteMode.Lax);
    }

    // The cookie as the app's cookie handler would write it on a sign-in response to an http:// request.
    private static CookieOptions SignInCookieOnPlainHttp(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
                .Append(new("ActionPlane:Auth:SigningKey", new string('s', 48)))).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddActionPlaneAuth(configuration, new TestHostEnvironment("Development"));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var request = new DefaultHttpContext { RequestServices = provider };
        request.Request.Scheme = "http";
        return options.Cookie.Build(request);
    }
}
