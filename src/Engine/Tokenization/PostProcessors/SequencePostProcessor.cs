namespace Inference.Engine.Tokenization.PostProcessors;

internal sealed class SequencePostProcessor(IReadOnlyList<IPostProcessor> processors) : IPostProcessor
{
    public void Process(List<int> ids, int start)
    {
        foreach (var processor in processors)
        {
            processor.Process(ids, start);
        }
    }
}
