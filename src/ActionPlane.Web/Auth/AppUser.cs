using System.Security.Claims;

namespace ActionPlane.Web.Auth;

/// <summary>A person who can sign in, with the roles their cookie or token carries.</summary>
public sealed record AppUser(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles)
{
    /// <summary>Claim types shared by cookies and JWTs, so <c>User.IsInRole</c> means the same in both.</summary>
    public const string IdClaim = "sub";
    public const string EmailClaim = "email";
    public const string NameClaim = "name";
    public const string RoleClaim = "role";

    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(IdClaim, Id);
        yield return new Claim(EmailClaim, Email);
        yield return new Claim(NameClaim, DisplayName);
        foreach (var role in Roles)
            yield return new Claim(RoleClaim, role);
    }

    public ClaimsPrincipal ToPrincipal(string authenticationType) =>
        new(new ClaimsIdentity(ToClaims(), authenticationType, NameClaim, RoleClaim));
}
