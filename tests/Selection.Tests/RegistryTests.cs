using Inference.Selection;
using static Inference.Selection.Tests.Pools;

namespace Inference.Selection.Tests;

public class RegistryTests
{
    [Theory]
    [InlineData("best_of_n", typeof(BestOfNStrategy))]
    [InlineData("majority", typeof(MajorityStrategy))]
    [InlineData("weighted_majority", typeof(WeightedMajorityStrategy))]
    [InlineData("best_of_majority", typeof(BestOfMajorityStrategy))]
    [InlineData("verifier", typeof(VerifierStrategy))]
    [InlineData("self_certainty", typeof(SelfCertaintyStrategy))]
    [InlineData("NONE", typeof(NoSelectionStrategy))]
    public void BuiltInsAreRegisteredByName(string name, Type type) =>
        Assert.IsType(type, SelectionStrategyRegistry.Default.Get(name));

    [Theory]
    [InlineData("Best-Of-N", typeof(BestOfNStrategy))]
    [InlineData("BEST_OF_N", typeof(BestOfNStrategy))]
    [InlineData("best of n", typeof(BestOfNStrategy))]
    [InlineData("bon", typeof(BestOfNStrategy))]
    [InlineData("SC", typeof(MajorityStrategy))]
    [InlineData("self-consistency", typeof(MajorityStrategy))]
    [InlineData("wmaj", typeof(WeightedMajorityStrategy))]
    [InlineData("bom", typeof(BestOfMajorityStrategy))]
    public void ClientSpellingsAndShortFormsResolveToTheStrategy(string name, Type type) =>
        Assert.IsType(type, SelectionStrategyRegistry.Default.Get(name));

    [Fact]
    public void UnknownNamesAreATypedErrorListingTheKnownOnes()
    {
        var ex = Assert.Throws<UnknownStrategyException>(() => SelectionStrategyRegistry.Default.Get("best_of_ten"));
        Assert.Contains("best_of_n", ex.Message);
        Assert.Equal("best_of_ten", ex.Name);
    }

    [Fact]
    public void NoneReturnsTheFirstKInPoolOrder()
    {
        var result = SelectionStrategyRegistry.Default.Get("none").Select(Of(C(0, "a"), C(1, "a"), C(2, "b")), SelectionOptions.Default with { K = 2 });
        Assert.Equal([0, 1], Indices(result));
    }

    [Fact]
    public void InvalidKIsATypedError() =>
        Assert.Throws<InvalidSelectionOptionsException>(
            () => new MajorityStrategy().Select(Of(C(0, "a")), SelectionOptions.Default with { K = 0 }));
}
