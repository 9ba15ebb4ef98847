using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using static ActionPlane.Policies.Rego.Builtins.Args;

namespace ActionPlane.Policies.Rego.Builtins;

/// <summary>Time builtins on nanoseconds since the Unix epoch, with IANA time zones.</summary>
internal static partial class Times
{
    private static readonly string[] Weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public static void Register(Action<string, int, BuiltinFn> add)
    {
        add("time.now_ns", 0, (_, c) => N(c.Session.NowNs));
        add("time.parse_rfc3339_ns", 1, (a, c) => N(ParseRfc3339(c, c.Str(a, 0))));
        add("time.parse_ns", 2, (a, c) => N(GoLayout.Parse(c, c.Str(a, 0), c.Str(a, 1))));
        add("time.parse_duration_ns", 1, (a, c) => N(Number.Of(ParseDuration(c, c.Str(a, 0)))));
        add("test.sleep", 1, (a, c) =>
        {
            // OPA's test helper. Capped at the evaluation's time limit, which then ends the query.
            var ns = ParseDuration(c, c.Str(a, 0));
            var limit = c.Session.Options.Timeout;
            var wait = ns <= 0 ? TimeSpan.Zero : ns / 100 >= limit.Ticks ? limit : TimeSpan.FromTicks((long)(ns / 100));
            Thread.Sleep(wait);
            return Value.Null;
        });
        add("time.date", 1, (a, c) =>
        {
            var t = Instant(c, a[0]);
            return A([N(t.Year), N(t.Month), N(t.Day)]);
        });
        add("time.clock", 1, (a, c) =>
        {
            var t = Instant(c, a[0]);
            return A([N(t.Hour), N(t.Minute), N(t.Second)]);
        });
        add("time.weekday", 1, (a, c) => S(Weekdays[(int)Instant(c, a[0]).DayOfWeek]));
        add("time.add_date", 4, (a, c) =>
        {
            var ns = Nanos(c, a, 0);
            var t = FromNanos(c, ns, TimeZoneInfo.Utc);
            var (years, months, days) = (c.Int(a, 1), c.Int(a, 2), c.Int(a, 3));
            // Go's AddDate normalises overflowing days (Jan 31 + 1 month = Mar 3) instead of clamping.
            long monthIndex = (t.Year + (long)years) * 12 + (t.Month - 1) + months;
            var year = (int)Math.Floor(monthIndex / 12.0);
            var month = (int)(monthIndex - (year * 12L)) + 1;
            if (year is < 1 or > 9999)
            {
                throw Fail(c.Name, "time outside of valid range");
            }

            var date = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(t.Day - 1 + (double)days) + t.TimeOfDay;
            return N(ToNanos(c, new DateTimeOffset(date, TimeSpan.Zero)) + (ns % 100 + 100) % 100);
        });
        add("time.diff", 2, (a, c) => Diff(Instant(c, a[0]), Instant(c, a[1])));
        add("time.format", 1, (a, c) =>
        {
            var (ns, zone, layout) = a[0] is ArrayValue arr && arr.Count >= 2
                ? (Nanos(c, [arr.Items[0]], 0), Zone(c, arr.Items[1]), arr.Count > 2 && arr.Items[2] is StringValue l ? l.Value : null)
                : (Nanos(c, a, 0), TimeZoneInfo.Utc, null);
            var t = FromNanos(c, ns, zone);
            return S(layout is null ? Rfc3339Nano(t, ns) : GoLayout.Format(t, layout, ns));
        });
    }

    private static long Nanos(BuiltinContext c, Value[] a, int i)
    {
        var n = a[i] is NumberValue nv ? nv.Value : throw TypeError(c.Name, i + 1, "number", a[i]);
        var whole = n.Sign < 0 ? n.Ceiling() : n.Floor();
        return whole.TryToLong(out var l) ? l : throw Fail(c.Name, "timestamp too big");
    }

    private static DateTimeOffset Instant(BuiltinContext c, Value v)
    {
        if (v is ArrayValue arr)
        {
            if (arr.Count != 2)
            {
                throw Fail(c.Name, "operand 1 must be an array of 2 elements");
            }

            return FromNanos(c, Nanos(c, [arr.Items[0]], 0), Zone(c, arr.Items[1]));
        }

        if (v is not NumberValue)
        {
            throw TypeError(c.Name, 1, "one of {number, array}", v);
        }

        return FromNanos(c, Nanos(c, [v], 0), TimeZoneInfo.Utc);
    }

    private static TimeZoneInfo Zone(BuiltinContext c, Value v)
    {
        var name = v is StringValue s ? s.Value : throw Fail(c.Name, "timezone must be a string");
        if (name is "" or "UTC")
        {
            return TimeZoneInfo.Utc;
        }

        if (name == "Local")
        {
            return TimeZoneInfo.Local;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw Fail(c.Name, $"unknown time zone {name}");
        }
    }

    internal static DateTimeOffset FromNanos(BuiltinContext c, long ns, TimeZoneInfo zone)
    {
        var ticks = ns / 100;
        if (ns < 0 && ns % 100 != 0)
        {
            ticks--;
        }

        var utc = DateTimeOffset.UnixEpoch.AddTicks(ticks);
        return TimeZoneInfo.ConvertTime(utc, zone);
    }

    internal static long ToNanos(BuiltinContext c, DateTimeOffset t)
    {
        var ticks = (BigInteger)(t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        return ticks > long.MaxValue || ticks < long.MinValue ? throw Fail(c.Name, "time outside of valid range") : (long)ticks;
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    private static Number ParseRfc3339(BuiltinContext c, string s)
    {
        var m = Rfc3339().Match(s);
        if (!m.Success)
        {
            throw Fail(c.Name, $"parsing time \"{s}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{s}\" as \"2006\"");
        }

        int G(int i) => int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture);
        DateTimeOffset t;
        try
        {
            var offset = m.Groups[8].Value is "Z" or "z" ? TimeSpan.Zero : TimeSpan.Parse(m.Groups[8].Value.TrimStart('+'), CultureInfo.InvariantCulture);
            if (m.Groups[8].Value.StartsWith('-'))
            {
                offset = -TimeSpan.Parse(m.Groups[8].Value[1..], CultureInfo.InvariantCulture);
            }

            t = new DateTimeOffset(G(1), G(2), G(3), G(4), G(5), G(6), offset);
        }
        catch (ArgumentException)
        {
            throw Fail(c.Name, $"parsing time \"{s}\": day out of range");
        }

        var frac = m.Groups[7].Success ? m.Groups[7].Value[1..] : "";
        var fracNs = frac.Length == 0 ? 0 : long.Parse(frac.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
        var seconds = (BigInteger)t.ToUnixTimeSeconds();
        var total = seconds * 1_000_000_000 + fracNs;
        if (total > long.MaxValue || total < long.MinValue)
        {
            throw Fail(c.Name, "time outside of valid range");
        }

        return Number.Of(total);
    }

    private static string Rfc3339Nano(DateTimeOffset t, long ns)
    {
        var frac = ((ns % 1_000_000_000) + 1_000_000_000) % 1_000_000_000;
        var fracText = frac == 0 ? "" : "." + frac.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');
        var zone = t.Offset == TimeSpan.Zero ? "Z" : (t.Offset < TimeSpan.Zero ? "-" : "+") + t.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        return t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + fracText + zone;
    }

    [GeneratedRegex(@"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")]
    private static partial Regex DurationPart();

    private static BigInteger ParseDuration(BuiltinContext c, string s)
    {
        var text = s;
        var negative = false;
        if (text.StartsWith('-') || text.StartsWith('+'))
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        if (text == "0")
        {
            return 0;
        }

        var pos = 0;
        var total = Number.FromLong(0);
        foreach (Match m in DurationPart().Matches(text))
        {
            if (m.Index != pos)
            {
                break;
            }

            pos += m.Length;
            Number.TryParse(m.Groups[1].Value, out var amount);
            var unit = m.Groups[2].Value switch
            {
                "ns" => 1L,
                "us" or "µs" or "μs" => 1_000L,
                "ms" => 1_000_000L,
                "s" => 1_000_000_000L,
                "m" => 60_000_000_000L,
                _ => 3_600_000_000_000L,
            };
            total += amount * Number.FromLong(unit);
        }

        if (pos != text.Length || text.Length == 0)
        {
            throw Fail(c.Name, $"time: invalid duration \"{s}\"");
        }

        var ns = total.Floor().Unscaled;
        return negative ? -ns : ns;
    }

    private static ArrayValue Diff(DateTimeOffset a, DateTimeOffset b)
    {
        var (t1, t2) = a.UtcDateTime < b.UtcDateTime ? (a.UtcDateTime, b.UtcDateTime) : (b.UtcDateTime, a.UtcDateTime);
        var year = t2.Year - t1.Year;
        var month = t2.Month - t1.Month;
        var day = t2.Day - t1.Day;
        var hour = t2.Hour - t1.Hour;
        var min = t2.Minute - t1.Minute;
        var sec = t2.Second - t1.Second;
        if (sec < 0) { sec += 60; min--; }
        if (min < 0) { min += 60; hour--; }
        if (hour < 0) { hour += 24; day--; }
        if (day < 0)
        {
            // Borrow the length of the earlier date's month, as OPA (Go) does.
            day += DateTime.DaysInMonth(t1.Year, t1.Month);
            month--;
        }

        if (month < 0) { month += 12; year--; }
        return A([N(year), N(month), N(day), N(hour), N(min), N(sec)]);
    }
}
