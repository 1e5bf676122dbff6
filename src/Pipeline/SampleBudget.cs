using Inference.Selection;

namespace Inference.Pipeline;

/// <summary>One sample budget over many prompts (see <see cref="BudgetAllocator"/> for the allocation rule).</summary>
/// <param name="Total">Samples all prompts may draw together.</param>
/// <param name="WaveSize">Samples a prompt gets per wave.</param>
/// <param name="MaxPerPrompt">At most this many samples for any one prompt.</param>
/// <param name="Threshold">A prompt is settled when P(leader better than runner-up) reaches this.</param>
public sealed record SampleBudget(int Total, int WaveSize, int MaxPerPrompt, double Threshold)
{
    public BudgetAllocator CreateAllocator(int prompts) => new(Total, prompts, WaveSize, MaxPerPrompt, Threshold);
}
