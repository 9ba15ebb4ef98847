using System.Text.Json.Nodes;
using ActionPlane.Policies.Opa;
using ActionPlane.Web.Auth;
using ActionPlane.Web.Auth.Authz;
using ActionPlane.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActionPlane.Web.Tests.Auth;

/// <summary>The authorization handler against the real bundle, and against a policy engine that cannot answer.</summary>
public sealed class OperationAuthorizationTests
{
    [Fact]
    public async Task Handler_Allows_WhatTheBundleAllows()
    {
        var result = await AuthorizeAsync(RepositoryPolicies.Engine, Operations.Export, Roles.Reviewer);

        result.Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Handler_Refuses_NamingTheBundlesRule()
    {
        var result = await AuthorizeAsync(RepositoryPolicies.Engine, Operations.Apply, Roles.Reviewer);

        var denial = result.Failure!.FailureReasons.OfType<AuthzDenial>().Single();
        denial.Rules.Select(r => r.Rule).Should().Equal("authz.not_permitted");
        denial.Message.Should().Contain("may not apply");
    }

    [Fact]
    public async Task Handler_FailsClosed_WhenThePolicyEngineCannotBeReached()
    {
        // A real OPA client pointed at a port nobody listens on: the call errors, the request is refused.
        var unreachable = new PolicyEngineOptions { OpaUrl = "http://127.0.0.1:9", OpaTimeout = TimeSpan.FromSeconds(1) }.CreateEngine();

        var result = await AuthorizeAsync(unreachable, Operations.ReadAudit, Roles.Reviewer);

        result.Succeeded.Should().BeFalse();
        result.Failure!.FailureReasons.OfType<AuthzDenial>().Single().Rules[0].Rule.Should().Be("authz.error");
    }

    [Fact]
    public void Read_TreatsAnUndefinedOrMalformedDecision_AsARefusal()
    {
        OperationAuthorizationHandler.Read(null).Single().Rule.Should().Be("authz.undefined");
        OperationAuthorizationHandler.Read(new JsonObject { ["allow"] = "yes" }).Single().Rule.Should().Be("authz.deny");
        OperationAuthorizationHandler.Read(new JsonObject { ["allow"] = true, ["deny"] = new JsonArray() }).Should().BeEmpty();
        OperationAuthorizationHandler.Read(new JsonObject { ["allow"] = true, ["deny"] = new JsonArray(new JsonObject { ["rule"] = "x" }) })
            .Single().Rule.Should().Be("x", "a deny wins over an allow");
    }

    private static async Task<AuthorizationResult> AuthorizeAsync(ActionPlane.Policies.IPolicyEngine engine, string operation, params string[] roles)
    {
        var handler = new OperationAuthorizationHandler(engine, new ServiceCollection().BuildServiceProvider(), NullLogger<OperationAuthorizationHandler>.Instance);
        var user = new AppUser("someone@test.local", "someone@test.local", "Someone", roles).ToPrincipal("test");
        var requirement = new OperationRequirement(operation);
        var context = new AuthorizationHandlerContext([requirement], user, resource: null);
        await handler.HandleAsync(context);
        return context.HasSucceeded ? AuthorizationResult.Success() : AuthorizationResult.Failed(context.HasFailed ? AuthorizationFailure.Failed(context.FailureReasons) : AuthorizationFailure.Failed([requirement]));
    }
}
