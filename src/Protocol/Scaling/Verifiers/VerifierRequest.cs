using System.Text.Json.Serialization;

namespace Inference.Protocol;

/// <summary>
/// One entry of test_time_scaling.verifiers: a name ("reward_model", "reference_answer", or a verifier configured
/// under Verifiers:Http), or an object by "type": reward_model (accept_threshold), reference_answer, regex
/// (must_match, must_not_match), json_schema (schema), external (name). URLs are never taken from requests.
/// </summary>
[JsonConverter(typeof(VerifierRequestConverter))]
public abstract class VerifierRequest : WireExtensionObject
{
    /// <summary>The verifier types and their aliases.</summary>
    public static readonly WireNames Types = new(
        ("reward_model", []), ("reference_answer", ["reference"]), ("regex", []), ("json_schema", []), ("external", ["http"]));

    /// <summary>reward_model | reference_answer | regex | json_schema | external; absent in the string form.</summary>
    public string? Type { get; set; }
}
