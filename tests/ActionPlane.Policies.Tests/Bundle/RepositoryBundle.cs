using ActionPlane.Policies;

namespace ActionPlane.Policies.Tests.Bundle;

/// <summary>The repository's own <c>policies/</c> folder, loaded once for all bundle tests.</summary>
internal static class RepositoryBundle
{
    private static readonly Lazy<PolicyBundle> s_bundle = new(() => PolicyBundle.Load(FindPoliciesDirectory()));

    public static PolicyBundle Instance => s_bundle.Value;

    // Tests run from bin/Debug/net10.0; the bundle sits at the repository root.
    private static string FindPoliciesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "policies");
            if (Directory.Exists(Path.Combine(candidate, "actionplane", "gate")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No policies/actionplane/gate folder above {AppContext.BaseDirectory}.");
    }
}
