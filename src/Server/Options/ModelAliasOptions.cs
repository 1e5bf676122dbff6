using System.ComponentModel.DataAnnotations;

namespace Inference.Server.Options;

/// <summary>A configured model name that stands for a served model plus a selection strategy and sample count.</summary>
public sealed class ModelAliasOptions
{
    [Required]
    public string Model { get; set; } = "";

    [Required]
    public string Strategy { get; set; } = "";

    [Range(1, 4096)]
    public int Samples { get; set; } = 8;
}
