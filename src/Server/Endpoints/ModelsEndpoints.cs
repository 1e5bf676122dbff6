using Inference.Server.Errors;
using Inference.Server.Models;
using Inference.Server.ScaleOut;
using Inference.Protocol;
using Inference.Pipeline.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inference.Server.Endpoints;

/// <summary>
/// GET /v1/models lists the served models (on a gateway, with what each backend endpoint serves: <see cref="BackendModelList"/>), then the configured aliases (TestTimeScaling:Aliases) with
/// <c>alias_of</c>; GET /v1/models/{id} answers for every name the generation endpoints accept: a model id, a
/// configured alias, or "&lt;model&gt;:&lt;strategy&gt;@&lt;N&gt;" (which has no end of spellings, so it is not listed).
/// </summary>
public static class ModelsEndpoints
{
    private static readonly long StartedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static RouteGroupBuilder MapModels(this RouteGroupBuilder v1)
    {
        var models = v1.MapGroup("/models").WithTags("Models");
        models.MapGet("", ListModels).WithName("ListModels")
            .WithSummary("Served models with context length, execution provider and reward model, then the configured aliases.");
        models.MapGet("/{id}", GetModel).WithName("GetModel").ProducesOpenAIErrors()
            .WithSummary("A served model, or an alias ('<model>:<strategy>@<N>' or configured) with the selection it implies.");
        return v1;
    }

    private static async Task<Ok<ModelList>> ListModels(ModelCatalog catalog, ExternalVerifiers external, BackendModelList backends, CancellationToken cancellationToken)
    {
        var served = catalog.Models.Select(m => m.Id).ToList();
        var serving = new Dictionary<string, IReadOnlyList<BackendModelCard>?>(StringComparer.Ordinal);
        foreach (var model in catalog.Models) serving[model.Id] = await backends.ForAsync(model.Id, model.IsRemote, served, cancellationToken);
        return TypedResults.Ok(new ModelList(catalog.Models.Select(m => Card(m, external, serving[m.Id]))
            .Concat(catalog.ConfiguredAliases.Select(a => Card(a.Model, external, serving[a.Model.Id], a.Name, a.Alias))).ToList()));
    }

    private static async Task<Ok<ModelCard>> GetModel(string id, ModelCatalog catalog, ExternalVerifiers external, BackendModelList backends,
        CancellationToken cancellationToken)
    {
        (ModelEntry Model, AliasSelection? Alias)? found;
        try
        {
            found = catalog.Find(id);
        }
        catch (InvalidRequestException malformed)
        {
            // A name in the alias form that no request would accept (unknown strategy, bad N) names no model.
            throw new ApiException(404, ErrorTypes.InvalidRequest, malformed.Message[..^" (Parameter 'model')".Length], "model", "model_not_found");
        }
        var (model, alias) = found ?? throw ApiException.ModelNotFound(id, catalog.Models.Select(m => m.Id));
        var serving = await backends.ForAsync(model.Id, model.IsRemote, catalog.Models.Select(m => m.Id).ToList(), cancellationToken);
        return TypedResults.Ok(Card(model, external, serving, id, alias));
    }

    /// <param name="backends">On a gateway, the model's backend endpoints as they answer now (<see cref="BackendModelList"/>).</param>
    private static ModelCard Card(ModelEntry model, ExternalVerifiers external, IReadOnlyList<BackendModelCard>? backends, string? name = null,
        AliasSelection? alias = null)
    {
        var d = model.Served?.Package?.Descriptor;
        // A model served by backends only: the shortest context its serving endpoints list.
        var context = d?.ContextLength ?? backends?.Where(b => b.Serves).Select(b => b.ContextLength).OfType<int>().DefaultIfEmpty().Min() ?? 0;
        var defaults = model.Defaults;
        return new ModelCard
        {
            Id = alias is null ? model.Id : name!,
            AliasOf = alias is null ? null : model.Id,
            Created = StartedAt,
            ContextLength = context,
            MaxModelLen = context,
            VocabSize = d?.VocabSize ?? 0,
            ModelType = d?.ModelType,
            Device = model.IsRemote ? "backends" : d?.Device ?? "none",
            DeviceFallback = d?.Placement.FallbackReason,
            ExecutionProviders = d?.ExecutionProviders ?? [],
            HasChatTemplate = d?.HasChatTemplate ?? false,
            Ready = model.State == ModelState.Ready && (backends is null || backends.Any(b => b.Serves)),
            Backends = backends,
            // Once loaded, what was really loaded; before, what is paired (a bundled pair that fails to load is dropped).
            RewardModel = model.Served is { } served ? served.RewardModel is null ? null : model.RewardFolder?.Name : model.RewardFolder?.Name,
            Warnings = d?.Warnings is { Count: > 0 } w ? w : null,
            TestTimeScaling = alias is not null
                ? new TestTimeScalingDefaultsCard(alias.Strategy, alias.Samples, defaults?.Alpha, defaults?.Answer, AppliesToAllRequests: true)
                : defaults is { } t ? new TestTimeScalingDefaultsCard(t.Strategy, t.Samples, t.Alpha, t.Answer, t.ApplyToAllRequests) : null,
            Verifiers = Verifiers(model, external),
        };
    }

    /// <summary>What the request resolver accepts in test_time_scaling.verifiers for this model.</summary>
    private static List<VerifierCard> Verifiers(ModelEntry model, ExternalVerifiers external)
    {
        var cards = new List<VerifierCard>();
        if (model.Served?.RewardModel is not null) cards.Add(new VerifierCard("reward_model", "reward_model"));
        cards.Add(new VerifierCard("reference_answer", "reference_answer"));
        cards.Add(new VerifierCard("regex", null));
        cards.Add(new VerifierCard("json_schema", null));
        cards.AddRange(external.Names.Order(StringComparer.Ordinal).Select(name => new VerifierCard("external", name)));
        return cards;
    }
}
