namespace Inference.Engine.Tokenization.PostProcessors;

/// <summary>Adds the special tokens around an encoded sequence (tokenizer.json "post_processor").</summary>
internal interface IPostProcessor
{
    /// <summary>Rewrites <paramref name="ids"/>, which hold the encoding of one sequence starting at <paramref name="start"/>.</summary>
    void Process(List<int> ids, int start);
}
