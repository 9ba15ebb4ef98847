using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Storage;
using ActionPlane.Policies;
using ActionPlane.Web.Features.Policies;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>The page with the real service over a real bundle on disk: the repository's, or a broken one.</summary>
public sealed class PolicyBrowserPageTests : MudTestContext, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ap-policies-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Page_ShowsTheRepositoryBundlesRevisionFiles_AndItsTestsAllPassing()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "policies");
        var bundle = PolicyBundle.Load(directory);
        Use(directory, new EmbeddedPolicyEngine(bundle));

        var cut = Render<PolicyBrowserPage>();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=policy-tests-summary]").Should().ContainSingle(), TimeSpan.FromSeconds(30));
        cut.Find("[data-testid=bundle-revision]").TextContent.Should().Be(bundle.Revision);
        cut.Find("[data-testid=policy-tests-summary]").TextContent.Should().Contain(" 0 failed");
        cut.FindAll("[data-testid=policy-test-result][data-passed=true]").Should().NotBeEmpty();
        cut.WaitForAssertion(() => cut.Find("[data-testid=policy-revisions-error]").TextContent.Should().Contain("could not be read"), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Page_ShowsAnErrorNamingTheFile_WhenTheBundleDoesNotLoad()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "broken.rego"), "package broken\n\nallow if {");
        Use(_folder, new EmbeddedPolicyEngine(PolicyBundle.FromFiles(new Dictionary<string, string> { ["ok.rego"] = "package ok\n" })));

        var cut = Render<PolicyBrowserPage>();

        cut.WaitForAssertion(() => cut.Find("[data-testid=policies-error]").TextContent.Should().Contain("broken.rego"));
        cut.FindAll("[data-testid=policy-files]").Should().BeEmpty();
    }

    // No database here: the revisions section shows its error state while files and tests still show.
    private void Use(string directory, IPolicyEngine engine) =>
        Services.AddSingleton(new PolicyBrowserService(new ActionPlaneEngineOptions { PoliciesDirectory = directory }, engine,
            new PolicyRevisionStore(_noDatabase, TimeProvider.System)));

    private readonly DocumentStore _noDatabase = DocumentStore.For("Host=127.0.0.1;Port=1;Timeout=2");

    public new void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
        _noDatabase.Dispose();
        base.Dispose();
    }
}
