using ActionPlane.Engine.Tabular;
using ActionPlane.Engine.Uplift;

namespace ActionPlane.Cli.Evaluate;

/// <summary>
/// The untreated outcomes one generated tenant holds besides an action's own control arm: every
/// account's churn label (retained = not churned) and the control rows of every other action's
/// experiment. All are draws from the same churn hazard of the same accounts (the generator draws
/// each file's outcomes apart), so a control model h fitted on them sees about seven times the rows of
/// one action's control arm. The product has the same: its churn model is trained on every account.
/// </summary>
internal sealed class BaselinePool
{
    private readonly bool[] _retained;
    private readonly Dictionary<string, (bool[] Treated, bool[] Retained)> _actions;

    private BaselinePool(bool[] retained, Dictionary<string, (bool[] Treated, bool[] Retained)> actions)
    {
        _retained = retained;
        _actions = actions;
    }

    /// <summary>Reads churn.csv and every action's uplift CSV of <paramref name="dir"/>; rows must list the same accounts in the same order.</summary>
    public static BaselinePool Read(string dir, CsvTable churn, IEnumerable<string> actions)
    {
        var ids = AccountIds(churn);
        var churned = BinaryColumn.Read(churn, "churned", null, "--label");
        var byAction = new Dictionary<string, (bool[], bool[])>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            var table = CsvTable.Read(Path.Combine(dir, $"uplift_{action}.csv"));
            if (!AccountIds(table).SequenceEqual(ids))
                throw new InvalidDataException($"uplift_{action}.csv does not list churn.csv's accounts in the same order.");
            var t = table.IndexOf("treatment", "--treatment");
            byAction[action] = (table.Rows.Select(row => row[t] == "1").ToArray(), BinaryColumn.Read(table, "retained", null, "--outcome"));
        }
        return new BaselinePool(churned.Select(c => !c).ToArray(), byAction);
    }

    /// <summary>
    /// P(retained | untreated) fitted on the pooled outcomes of the <paramref name="accounts"/> (row
    /// indices; the caller's training fold), leaving out <paramref name="action"/>'s own file, so the
    /// model has seen none of that experiment's outcomes and serves as μ₀ of its pseudo-outcomes as it is.
    /// </summary>
    public GbmTrees Fit(float[][] x, int[] accounts, string action, int seed, UpliftLearnerOptions? options)
    {
        var rows = new List<float[]>();
        var labels = new List<bool>();
        foreach (var i in accounts)
        {
            rows.Add(x[i]);
            labels.Add(_retained[i]);
            foreach (var (other, (treated, retained)) in _actions)
            {
                if (other == action || treated[i])
                    continue;
                rows.Add(x[i]);
                labels.Add(retained[i]);
            }
        }
        return UpliftLearners.FitOutcomeModel([.. rows], [.. labels], seed, options);
    }

    private static string?[] AccountIds(CsvTable table)
    {
        var c = table.IndexOf("account_id", "--id");
        return table.Rows.Select(row => row[c]).ToArray();
    }
}
