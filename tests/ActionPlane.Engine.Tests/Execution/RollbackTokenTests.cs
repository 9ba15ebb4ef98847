using System.Text;
using ActionPlane.Engine.Execution;
using Microsoft.Extensions.Time.Testing;

namespace ActionPlane.Engine.Tests.Execution;

public sealed class RollbackTokenTests
{
    private static readonly byte[] s_key = Encoding.UTF8.GetBytes("unit-test-key-0123456789abcdefghijkl");
    private static readonly Guid s_proposal = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

    [Fact]
    public void RollbackToken_RoundTripsThroughItsText()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var token = RollbackToken.Issue(s_key, s_proposal, 4, clock.GetUtcNow().AddDays(14));

        var parsed = RollbackToken.TryParse(token.ToString(), out var back);

        parsed.Should().BeTrue();
        back.Should().Be(token);
        back.ProposalId.Should().Be(s_proposal);
        back.StreamVersion.Should().Be(4);
        back.ExpiresAt.Should().Be(clock.GetUtcNow().AddDays(14));
        back.Verify(s_key, clock.GetUtcNow()).Should().Be(RollbackTokenCheck.Valid);
        token.ToString().Should().MatchRegex("^[A-Za-z0-9_-]+$", "the text is base64url, safe in URLs and headers");
    }

    [Fact]
    public void RollbackToken_IsForged_WhenAnyByteChanges()
    {
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var text = RollbackToken.Issue(s_key, s_proposal, 4, now.AddDays(1)).ToString();

        for (var i = 1; i < text.Length - 1; i += 7)
        {
            var flipped = text[..i] + (text[i] == 'A' ? 'B' : 'A') + text[(i + 1)..];
            if (RollbackToken.TryParse(flipped, out var token))
                token.Verify(s_key, now).Should().Be(RollbackTokenCheck.Forged, $"byte at {i} was changed");
        }
    }

    [Fact]
    public void RollbackToken_IsForged_UnderAnotherKey()
    {
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var token = RollbackToken.Issue(s_key, s_proposal, 4, now.AddDays(1));

        token.Verify(Encoding.UTF8.GetBytes("a-different-key-0123456789abcdefghij"), now).Should().Be(RollbackTokenCheck.Forged);
    }

    [Fact]
    public void RollbackToken_Expires_AtItsExpiry()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var token = RollbackToken.Issue(s_key, s_proposal, 4, clock.GetUtcNow().AddHours(1));

        clock.Advance(TimeSpan.FromMinutes(59));
        var before = token.Verify(s_key, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        var at = token.Verify(s_key, clock.GetUtcNow());

        before.Should().Be(RollbackTokenCheck.Valid);
        at.Should().Be(RollbackTokenCheck.Expired);
    }

    [Fact]
    public void RollbackToken_IssuedTwiceWithTheSameNonce_IsTheSameToken()
    {
        var expires = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var first = RollbackToken.Issue(s_key, s_proposal, 4, expires);

        var again = RollbackToken.Issue(s_key, s_proposal, 4, expires, first.Id);
        var fresh = RollbackToken.Issue(s_key, s_proposal, 4, expires);

        again.ToString().Should().Be(first.ToString());
        fresh.ToString().Should().NotBe(first.ToString(), "each apply gets its own nonce");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("AAAA")]
    [InlineData("!!!!")]
    public void RollbackToken_TryParse_RejectsMalformedText(string text)
    {
        RollbackToken.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void RollbackToken_DefaultValue_VerifiesAsForged()
    {
        default(RollbackToken).Verify(s_key, DateTimeOffset.UnixEpoch).Should().Be(RollbackTokenCheck.Forged);
    }
}
