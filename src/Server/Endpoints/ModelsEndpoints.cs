using Inference.Server.Errors;
using Inference.Server.Models;
using Inference.Server.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inference.Server.Endpoints;

public static class ModelsEndpoints
{
    private static readonly long StartedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static RouteGroupBuilder MapModels(this RouteGroupBuilder v1)
    {
        var models = v1.MapGroup("/models").WithTags("Models");
        models.MapGet("/", ListModels).WithName("ListModels").WithSummary("Served models with context length and execution provider.");
        models.MapGet("/{id}", GetModel).WithName("GetModel").ProducesOpenAIErrors();
        return v1;
    }

    private static Ok<ModelList> ListModels(ModelCatalog catalog) => TypedResults.Ok(new ModelList(catalog.Models.Select(Card).ToList()));

    private static Ok<ModelCard> GetModel(string id, ModelCatalog catalog) =>
        TypedResults.Ok(Card(catalog.Models.FirstOrDefault(m => m.Id == id) ?? throw ApiException.ModelNotFound(id, catalog.Models.Select(m => m.Id))));

    private static ModelCard Card(ServedModel model)
    {
        var d = model.Package?.Descriptor;
        return new ModelCard
        {
            Id = model.Id,
            Created = StartedAt,
            ContextLength = d?.ContextLength ?? 0,
            MaxModelLen = d?.ContextLength ?? 0,
            VocabSize = d?.VocabSize ?? 0,
            ModelType = d?.ModelType,
            Device = d?.Device ?? "none",
            DeviceFallback = d?.Placement.FallbackReason,
            ExecutionProviders = d?.ExecutionProviders ?? [],
            HasChatTemplate = d?.HasChatTemplate ?? false,
            Ready = model.State == ModelState.Ready,
            Warnings = d?.Warnings is { Count: > 0 } w ? w : null,
            TestTimeScaling = model.Defaults is { } t ? new TestTimeScalingDefaultsCard(t.Strategy, t.Samples, t.Alpha, t.Answer, t.ApplyToAllRequests) : null,
        };
    }
}
