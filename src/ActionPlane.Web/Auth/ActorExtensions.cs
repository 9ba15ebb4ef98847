using System.Security.Claims;
using ActionPlane.Engine.Proposals;

namespace ActionPlane.Web.Auth;

/// <summary>Turns the signed-in user (cookie or bearer) into the Engine's <see cref="Actor"/>.</summary>
public static class ActorExtensions
{
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var id = user.FindFirst(AppUser.IdClaim)?.Value;
        if (string.IsNullOrEmpty(id))
            throw new InvalidOperationException("The user is not signed in.");
        return new Actor(id, [.. user.FindAll(AppUser.RoleClaim).Select(c => c.Value)]);
    }
}
