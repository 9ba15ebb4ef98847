using ActionPlane.Engine.Governance;
using ActionPlane.Engine.Storage;
using ActionPlane.Policies;
using ActionPlane.Web.Features.Policies;
using ActionPlane.Web.Tests.Infrastructure;
using Bunit;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ActionPlane.Web.Tests.Governance;

/// <summary>
/// /audit/policies in its loading, empty and error states: a real bundle folder on disk (the
/// repository's, an empty one, a broken one) and a real revision store (silent, empty, refusing).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PolicyBrowserPageStatesTests(ActionPlaneAppFixture app) : MudTestContext, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ap-policy-states-" + Guid.NewGuid().ToString("N"));
    private static readonly string RepositoryBundle = Path.Combine(AppContext.BaseDirectory, "policies");

    [Fact]
    public void ShowsTheFiles_WhileTheRevisionsAreStillLoading()
    {
        var cut = RenderOver(RepositoryBundle, PageStores.Silent());

        cut.WaitForAssertion(() => cut.Find("[data-testid=bundle-revision]").TextContent.Should().NotBeEmpty());
        cut.Find("[data-testid=policy-revisions-loading]");
    }

    [Fact]
    public void SaysTheBundleHasNoFilesNorTests_AndNoRevisionIsStored_WhenAllAreEmpty()
    {
        Directory.CreateDirectory(_folder);

        var cut = RenderOver(_folder, PageStores.Empty(app));

        cut.WaitForAssertion(() => cut.Find("[data-testid=policy-tests-empty]"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=policy-files-empty]");
        cut.WaitForAssertion(() => cut.Find("[data-testid=policy-revisions-empty]"), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void SaysTheRevisionsCouldNotBeRead_WithTryAgain_WhenTheDatabaseRefuses()
    {
        var cut = RenderOver(RepositoryBundle, PageStores.Unreachable());

        cut.WaitForAssertion(() => cut.Find("[data-testid=policy-revisions-error]").TextContent.Should().Contain("The stored revisions could not be read"), TimeSpan.FromSeconds(20));
        cut.Find("[data-testid=policy-revisions-error] [data-testid=retry]").TextContent.Should().Contain("Try again");
        cut.Find("[data-testid=bundle-revision]");
    }

    [Fact]
    public void ShowsTheFiles_WhenTryAgainFollowsAFixToTheBrokenFile()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "broken.rego");
        File.WriteAllText(file, "package broken\n\nallow if {");
        var cut = RenderOver(_folder, PageStores.Empty(app));
        cut.WaitForAssertion(() => cut.Find("[data-testid=policies-error]").TextContent.Should().Contain("broken.rego"));

        File.WriteAllText(file, "package broken\n\nallow := true\n");
        cut.Find("[data-testid=policies-error] [data-testid=retry]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=policy-file-source]").TextContent.Should().Contain("allow := true"), TimeSpan.FromSeconds(20));
        cut.FindAll("[data-testid=policies-error]").Should().BeEmpty();
    }

    private IRenderedComponent<PolicyBrowserPage> RenderOver(string directory, IDocumentStore store)
    {
        var engine = new EmbeddedPolicyEngine(PolicyBundle.FromFiles(new Dictionary<string, string> { ["ok.rego"] = "package ok\n" }));
        Services.AddSingleton(new PolicyBrowserService(new ActionPlaneEngineOptions { PoliciesDirectory = directory }, engine, new PolicyRevisionStore(store, TimeProvider.System)));
        return Render<PolicyBrowserPage>();
    }

    public new void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
        base.Dispose();
    }
}
