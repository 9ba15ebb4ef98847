namespace ActionPlane.Engine.Decisioning.Learning;

/// <summary>Solves and inverts the small symmetric positive-definite systems of a penalised Newton fit (tens of unknowns).</summary>
internal static class Cholesky
{
    public static double[] Solve(double[,] a, double[] b)
    {
        var l = Factor(a);
        var n = b.Length;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var j = 0; j < i; j++)
                s -= l[i, j] * y[j];
            y[i] = s / l[i, i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var j = i + 1; j < n; j++)
                s -= l[j, i] * x[j];
            x[i] = s / l[i, i];
        }
        return x;
    }

    public static double[,] Inverse(double[,] a)
    {
        var n = a.GetLength(0);
        var inverse = new double[n, n];
        for (var c = 0; c < n; c++)
        {
            var e = new double[n];
            e[c] = 1;
            var column = Solve(a, e);
            for (var r = 0; r < n; r++)
                inverse[r, c] = column[r];
        }
        return inverse;
    }

    public static double[,] Factor(double[,] a)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++)
                    s -= l[i, k] * l[j, k];
                if (i == j)
                    l[i, i] = Math.Sqrt(Math.Max(s, 1e-12));
                else
                    l[i, j] = s / l[j, j];
            }
        }
        return l;
    }
}
