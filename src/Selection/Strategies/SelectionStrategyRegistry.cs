namespace Inference.Selection;

/// <summary>
/// Strategies by name. A name is matched the way clients write it: in any case, with '-' or ' ' for '_'
/// ("Best-Of-N", "BEST_OF_N"), or by a short form (bon, bom, maj, sc, wmaj, ...). <see cref="CreateDefault"/>
/// registers the built-in ones and their short forms.
/// </summary>
public sealed class SelectionStrategyRegistry
{
    private readonly Dictionary<string, ISelectionStrategy> _strategies = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase);

    public static SelectionStrategyRegistry Default { get; } = CreateDefault();

    /// <summary>The registered names.</summary>
    public IReadOnlyCollection<string> Names => _strategies.Keys;

    /// <summary>"best_of_n (bon), majority (maj, sc), ..." for messages.</summary>
    public string Known => string.Join(", ", _strategies.Keys.Select(name =>
    {
        var aliases = _aliases.Where(a => a.Value == name && !a.Key.Contains('_') && !a.Key.Contains('-')).Select(a => a.Key).ToList();
        return aliases.Count == 0 ? name : $"{name} ({string.Join(", ", aliases)})";
    }));

    public static SelectionStrategyRegistry CreateDefault()
    {
        var registry = new SelectionStrategyRegistry();
        registry.Register(new BestOfNStrategy(), "bon");
        registry.Register(new MajorityStrategy(), "maj", "sc", "self_consistency");
        registry.Register(new WeightedMajorityStrategy(), "wmaj", "weighted");
        registry.Register(new BestOfMajorityStrategy(), "bom");
        registry.Register(new VerifierStrategy(registry.Get));
        registry.Register(new SelfCertaintyStrategy(), "certainty");
        registry.Register(new NoSelectionStrategy());
        return registry;
    }

    public void Register(ISelectionStrategy strategy, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (!_strategies.TryAdd(strategy.Name, strategy))
        {
            throw new InvalidOperationException($"A strategy named '{strategy.Name}' is already registered.");
        }
        foreach (var alias in aliases)
        {
            if (_strategies.ContainsKey(alias) || !_aliases.TryAdd(alias, strategy.Name))
                throw new InvalidOperationException($"The strategy alias '{alias}' is already taken.");
        }
    }

    /// <summary>The registered name <paramref name="name"/> stands for (its canonical spelling), or null.</summary>
    public string? Canonical(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var normalized = name.Trim().Replace('-', '_').Replace(' ', '_');
        if (_strategies.TryGetValue(normalized, out var strategy)) return strategy.Name;
        return _aliases.TryGetValue(normalized, out var target) ? target : null;
    }

    /// <summary>The strategy <paramref name="name"/> stands for; <see cref="UnknownStrategyException"/> otherwise.</summary>
    public ISelectionStrategy Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGet(name, out var strategy) ? strategy : throw new UnknownStrategyException(name, _strategies.Keys.Order(StringComparer.Ordinal));
    }

    public bool TryGet(string name, out ISelectionStrategy strategy)
    {
        strategy = null!;
        return Canonical(name) is { } canonical && _strategies.TryGetValue(canonical, out strategy!);
    }
}
