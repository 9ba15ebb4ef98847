namespace ActionPlane.Policies.Rego;

/// <summary>
/// Variable bindings as an immutable linked list, so backtracking is free: a branch just drops its
/// extensions. A null value marks a declared-but-unbound var (shadowing outer bindings).
/// </summary>
internal sealed class Env(string name, Value? value, Env? next)
{
    public string Name { get; } = name;
    public Value? Value { get; } = value;
    public Env? Next { get; } = next;

    public static Value? Get(Env? env, string name)
    {
        for (var e = env; e is not null; e = e.Next)
        {
            if (e.Name == name)
            {
                return e.Value;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> is declared at all; <paramref name="value"/> is null when declared but unbound.</summary>
    public static bool Find(Env? env, string name, out Value? value)
    {
        for (var e = env; e is not null; e = e.Next)
        {
            if (e.Name == name)
            {
                value = e.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public static Env Bind(Env? env, string name, Value value) => new(name, value, env);

    public static Env? Declare(Env? env, IEnumerable<string> names)
    {
        foreach (var n in names)
        {
            env = new Env(n, null, env);
        }

        return env;
    }
}

/// <summary>Continuation after an expression succeeds; return false to stop the whole search.</summary>
internal delegate bool Cont(Env? env);

/// <summary>Continuation receiving one value of a term.</summary>
internal delegate bool ValueCont(Value value, Env? env);
