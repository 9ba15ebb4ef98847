using ActionPlane.Engine.Domain;

namespace ActionPlane.Engine.Data;

/// <summary>
/// Generates a seeded synthetic B2B SaaS tenant: accounts, end users, <see cref="HistoryDays"/> days
/// of signals ending the day before the as-of date, and a hidden churn ground truth
/// (<see cref="ChurnHazard"/>) that the signals reflect only noisily.
/// </summary>
public sealed partial class TenantGenerator(int seed, Scenario? scenario = null)
{
    /// <summary>Days of signal history before the as-of date (90-day features need at least 90).</summary>
    public const int HistoryDays = 120;

    private static readonly string[] Adjectives = ["Blue", "Bright", "North", "Silver", "Rapid", "Clear", "Summit", "Harbor", "Iron", "Green", "Lumen", "Quiet", "Atlas", "Cedar", "Nimbus", "Polar"];
    private static readonly string[] Nouns = ["Ridge", "Works", "Labs", "Peak", "Logic", "Stream", "Forge", "Field", "Point", "Bridge", "Wave", "Grid", "Stack", "Loop"];
    private static readonly string[] Suffixes = ["Inc", "GmbH", "Ltd", "Group", "Systems", "Health", "Logistics", "Retail", "Finance", "Media"];
    private static readonly string[] FirstNames = ["Ava", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kira", "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq"];
    private static readonly string[] LastNames = ["Adams", "Becker", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Kowalski", "Lopez", "Muller", "Nakamura", "Okafor", "Patel"];
    private static readonly string[] Csms = ["alex.morgan@demo.local", "jamie.lee@demo.local", "sofia.rossi@demo.local", "omar.haddad@demo.local"];
    private static readonly string[] Categories = ["onboarding", "adoption", "retention", "pricing", "support"];
    private static readonly Dictionary<string, string[]> TimeZones = new()
    {
        ["us"] = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
        ["eu"] = ["Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Madrid"],
        ["apac"] = ["Asia/Tokyo", "Asia/Singapore", "Australia/Sydney", "Asia/Kolkata"],
    };
    private static readonly Dictionary<string, decimal> PricePerSeat = new() { ["starter"] = 15m, ["pro"] = 35m, ["enterprise"] = 60m };

    private readonly int _seed = seed;
    private const ulong ChurnLabelSalt = 0xC4E2_1ABE_1000_0001UL;
    private readonly Scenario _scenario = (scenario ?? Scenario.Default).Validate();

    /// <summary>The scenario this generator draws from.</summary>
    public Scenario Scenario => _scenario;

    /// <summary>Generates <paramref name="accounts"/> accounts with signals strictly before <paramref name="asOf"/>.</summary>
    public GeneratedTenant Generate(int accounts, DateOnly asOf)
    {
        if (accounts is < 1 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(accounts), accounts, "accounts must be between 1 and 1,000,000.");

        var builder = new TenantBuilder(accounts);
        for (var i = 0; i < accounts; i++)
        {
            // One Random per account: account i is the same whatever the total count.
            var rng = new Random(unchecked(_seed * 1_000_003 + i));
            GenerateAccount(rng, _seed, i, asOf, _scenario, builder);
        }
        return new GeneratedTenant(_seed, asOf, builder.Accounts, builder.Users, builder.Usage, builder.Tickets, builder.Billing, builder.Nps, builder.Truth);
    }

    private static void GenerateAccount(Random rng, int seed, int index, DateOnly asOf, Scenario scenario, TenantBuilder builder)
    {
        var id = $"acc-{index + 1:D4}";
        var segment = rng.NextDouble() switch { < 0.5 => "smb", < 0.85 => "mid_market", _ => "enterprise" };
        var plan = segment switch
        {
            "smb" => rng.Chance(0.6) ? "starter" : "pro",
            "mid_market" => rng.Chance(0.7) ? "pro" : "enterprise",
            _ => "enterprise",
        };
        var seats = segment switch { "smb" => rng.Next(5, 26), "mid_market" => rng.Next(25, 121), _ => rng.Next(120, 501) };
        var region = rng.NextDouble() switch { < 0.5 => "us", < 0.85 => "eu", _ => "apac" };
        var name = $"{rng.Pick(Adjectives)} {rng.Pick(Nouns)} {rng.Pick(Suffixes)}";

        var drivers = new ChurnDrivers(
            UsageDecline: rng.Chance(0.6) ? 0.25 * Math.Pow(rng.NextDouble(), 2) : 0.2 + 0.7 * rng.NextDouble(),
            ModulesAdopted: 1 + (int)Math.Floor(6 * Math.Pow(rng.NextDouble(), 0.8)),
            SeatUtilisation: 0.15 + 0.85 * Math.Pow(rng.NextDouble(), 0.6),
            SupportFriction: Math.Pow(rng.NextDouble(), 1.8),
            Downgraded: rng.Chance(0.12),
            DaysToRenewal: rng.Next(1, 366),
            // The scenario's base-churn shift rides on the unobservable noise term, so the signals stay as they are.
            Noise: scenario.NoiseScale * 0.4 * rng.Gaussian() + scenario.BaseChurnShift);
        var probability = ChurnHazard.Probability(drivers);
        // The label comes from its own draw, not from the account's stream: the signals generated from
        // that stream afterwards would otherwise carry it (a 90-day mean of seat use let a model beat the
        // oracle's AUC). The stream still advances by one so every signal of a seed stays as it was.
        builder.Truth[id] = new ChurnTruth(id, probability, RandomExtensions.IndependentUniform(seed, index, ChurnLabelSalt) < probability, drivers);
        rng.NextDouble();

        var mrr = seats * PricePerSeat[plan];
        builder.Accounts.Add(new Account
        {
            Id = id,
            Name = name,
            Plan = plan,
            Segment = segment,
            Region = region,
            TimeZone = rng.Pick(TimeZones[region]),
            Seats = seats,
            Mrr = mrr,
            RenewalDate = asOf.AddDays(drivers.DaysToRenewal),
            CsmOwner = rng.Pick(Csms),
            CreatedOn = asOf.AddDays(-rng.Next(HistoryDays + 30, 1800)),
            Environment = rng.Chance(0.03) ? "sandbox" : "production",
            ConsentPersonalization = rng.Chance(0.92),
            ConsentEmail = rng.Chance(0.85),
            FrozenUntil = rng.Chance(0.04) ? asOf.AddDays(rng.Next(1, 15)) : null,
        });

        var users = GenerateUsers(rng, id, name);
        builder.Users.AddRange(users);
        GenerateBilling(rng, id, asOf, seats, plan, drivers, builder);
        GenerateUsage(rng, id, asOf, seats, drivers, builder);
        GenerateTickets(rng, id, asOf, seats, drivers, builder);
        GenerateNps(rng, id, asOf, users, drivers, builder);
    }

    private static List<EndUser> GenerateUsers(Random rng, string accountId, string accountName)
    {
        var domain = new string([.. accountName.ToLowerInvariant().Split(' ')[..2].SelectMany(p => p)]) + ".example";
        var count = rng.Next(2, 13);
        var users = new List<EndUser>(count);
        for (var u = 0; u < count; u++)
        {
            var first = rng.Pick(FirstNames);
            var last = rng.Pick(LastNames);
            users.Add(new EndUser
            {
                Id = $"{accountId}-u{u + 1:D2}",
                AccountId = accountId,
                // The index keeps addresses unique when two users share a name.
                Email = $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{u + 1}@{domain}",
                Name = $"{first} {last}",
                Role = u == 0 ? "admin" : "member",
                OptedOut = rng.Chance(0.05),
                MutedCategories = rng.Chance(0.1) ? [rng.Pick(Categories)] : [],
            });
        }
        return users;
    }

    /// <summary>Mutable lists the generation fills; kept private to the generator.</summary>
    private sealed class TenantBuilder(int accounts)
    {
        public List<Account> Accounts { get; } = new(accounts);
        public List<EndUser> Users { get; } = new(accounts * 7);
        public List<UsageDay> Usage { get; } = new(accounts * HistoryDays);
        public List<SupportTicket> Tickets { get; } = [];
        public List<BillingChange> Billing { get; } = [];
        public List<NpsResponse> Nps { get; } = [];
        public Dictionary<string, ChurnTruth> Truth { get; } = new(accounts, StringComparer.Ordinal);
    }
}
