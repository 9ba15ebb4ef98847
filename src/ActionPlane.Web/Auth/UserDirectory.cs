using Microsoft.AspNetCore.Identity;

namespace ActionPlane.Web.Auth;

/// <summary>
/// The people who can sign in, with hashed passwords. Holds only the demo users for now; an
/// identity provider replaces it in a real deployment.
/// </summary>
public sealed class UserDirectory
{
    private readonly PasswordHasher<AppUser> _hasher = new();
    private readonly Dictionary<string, (AppUser User, string Hash)> _byEmail = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<AppUser> Users => _byEmail.Values.Select(v => v.User).ToList();

    public void Add(AppUser user, string password) =>
        _byEmail[user.Email] = (user, _hasher.HashPassword(user, password));

    public AppUser? FindByEmail(string email) =>
        _byEmail.TryGetValue(email.Trim(), out var entry) ? entry.User : null;

    /// <summary>The user when the email and password match, else null (without saying which was wrong).</summary>
    public AppUser? Validate(string? email, string? password)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return null;
        if (!_byEmail.TryGetValue(email.Trim(), out var entry))
            return null;
        return _hasher.VerifyHashedPassword(entry.User, entry.Hash, password) == PasswordVerificationResult.Failed ? null : entry.User;
    }
}
