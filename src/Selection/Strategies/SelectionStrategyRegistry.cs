namespace Inference.Selection;

/// <summary>Strategies by name (case-insensitive). <see cref="CreateDefault"/> registers the built-in ones.</summary>
public sealed class SelectionStrategyRegistry
{
    private readonly Dictionary<string, ISelectionStrategy> _strategies = new(StringComparer.OrdinalIgnoreCase);

    public static SelectionStrategyRegistry Default { get; } = CreateDefault();

    public IReadOnlyCollection<string> Names => _strategies.Keys;

    public static SelectionStrategyRegistry CreateDefault()
    {
        var registry = new SelectionStrategyRegistry();
        registry.Register(new BestOfNStrategy());
        registry.Register(new MajorityStrategy());
        registry.Register(new WeightedMajorityStrategy());
        registry.Register(new BestOfMajorityStrategy());
        registry.Register(new VerifierStrategy(registry.Get));
        registry.Register(new SelfCertaintyStrategy());
        registry.Register(new NoSelectionStrategy());
        return registry;
    }

    public void Register(ISelectionStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (!_strategies.TryAdd(strategy.Name, strategy))
        {
            throw new InvalidOperationException($"A strategy named '{strategy.Name}' is already registered.");
        }
    }

    /// <summary>The strategy registered under <paramref name="name"/>; <see cref="UnknownStrategyException"/> otherwise.</summary>
    public ISelectionStrategy Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _strategies.TryGetValue(name.Trim(), out var strategy)
            ? strategy
            : throw new UnknownStrategyException(name, _strategies.Keys.Order(StringComparer.Ordinal));
    }

    public bool TryGet(string name, out ISelectionStrategy strategy) =>
        _strategies.TryGetValue(name ?? "", out strategy!);
}
