namespace Inference.Protocol;

public sealed record ModelList(IReadOnlyList<ModelCard> Data)
{
    public string Object => "list";
}
