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

    private static Ok<ModelList> ListModels(ModelCatalog catalog) => TypedResults.Ok(new ModelList(catalog.Models.Select(m => Card(m, catalog)).ToList()));

    private static Ok<ModelCard> GetModel(string id, ModelCatalog catalog) =>
        TypedResults.Ok(Card(catalog.Models.FirstOrDefault(m => m.Id == id) ?? throw ApiException.ModelNotFound(id, catalog.Models.Select(m => m.Id)), catalog));

    private static ModelCard Card(ServedModel model, ModelCatalog catalog)
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
            ExecutionProviders = d?.ExecutionProviders ?? [],
            HasChatTemplate = d?.HasChatTemplate ?? false,
            Ready = model.State == ModelState.Ready,
            Warnings = d?.Warnings is { Count: > 0 } w ? w : null,
            TestTimeScaling = model.Defaults is { } t ? new TestTimeScalingDefaultsCard(t.Strategy, t.Samples, t.Alpha, t.Answer, t.ApplyToAllRequests) : null,
            Verifiers = Verifiers(catalog),
        };
    }

    /// <summary>What ScalingPlanParser accepts in test_time_scaling.verifiers on this server.</summary>
    private static List<VerifierCard> Verifiers(ModelCatalog catalog)
    {
        var cards = new List<VerifierCard>();
        if (catalog.RewardModel is not null) cards.Add(new VerifierCard("reward_model", "reward_model"));
        cards.Add(new VerifierCard("reference_answer", "reference_answer"));
        cards.Add(new VerifierCard("regex", null));
        cards.Add(new VerifierCard("json_schema", null));
        cards.AddRange(catalog.ExternalVerifiers.Keys.Order(StringComparer.Ordinal).Select(name => new VerifierCard("external", name)));
        return cards;
    }
}
