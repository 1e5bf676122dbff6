namespace Inference.Server.Models;

public enum ModelState
{
    Loading,
    Ready,
    Failed,
}
