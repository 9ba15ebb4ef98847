using ActionPlane.Web.Auth;

namespace ActionPlane.Web.Tests.Auth;

public sealed class HomeRoutesTests
{
    [Theory]
    [InlineData("csm@demo.local", "/csm")]
    [InlineData("approver@demo.local", "/approvals")]
    [InlineData("reviewer@demo.local", "/audit")]
    [InlineData("enduser@demo.local", "/nudges")]
    public void For_SendsEachDemoPersona_ToTheirMainPage(string email, string expected)
    {
        var user = DemoUsers.All.Single(u => u.Email == email);

        HomeRoutes.For(user.ToPrincipal("test")).Should().Be(expected);
    }

    [Fact]
    public void For_SendsReviewerWhoIsAlsoCsm_ToAudit()
    {
        var user = new AppUser("r", "r@x", "R", [Roles.Csm, Roles.Reviewer]);

        HomeRoutes.For(user.ToPrincipal("test")).Should().Be("/audit");
    }

    [Fact]
    public void For_SendsApproverWithoutCsmRole_ToApprovals()
    {
        var user = new AppUser("a", "a@x", "A", [Roles.Approver]);

        HomeRoutes.For(user.ToPrincipal("test")).Should().Be("/approvals");
    }

    [Fact]
    public void For_SendsUserWithoutKnownRole_ToAccessDenied()
    {
        var user = new AppUser("x", "x@x", "X", []);

        HomeRoutes.For(user.ToPrincipal("test")).Should().Be("/access-denied");
    }
}
