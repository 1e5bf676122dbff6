using Inference.Server.Hosting;

namespace Inference.Server.Tests;

public sealed class CommandLineFlagsTests
{
    [Fact]
    public void Short_flags_become_configuration_keys_and_the_rest_passes_through()
    {
        var rewritten = CommandLineFlags.Rewrite(
            ["--model", "a", "--model=b", "--host", "0.0.0.0", "--port=8001", "--device", "cuda", "--api-key", "k1", "--api-key", "k2", "--Limits:MaxN=4", "--urls", "http://x"]);
        Assert.Equal(
            ["--Models:Folders:0=a", "--Models:Folders:1=b", "--Server:Host=0.0.0.0", "--Server:Port=8001", "--Models:Device=cuda",
             "--Auth:ApiKeys:0=k1", "--Auth:ApiKeys:1=k2", "--Limits:MaxN=4", "--urls", "http://x"], rewritten);
    }

    [Fact]
    public void A_reward_model_is_the_served_models_or_paired_by_id()
    {
        Assert.Equal(["--Models:RewardModel=models/arith-reward"], CommandLineFlags.Rewrite(["--reward-model", "models/arith-reward"]));
        Assert.Equal(["--Models:RewardModels:arith-lm=models/arith-reward", "--Models:RewardModels:gpt2=none"],
            CommandLineFlags.Rewrite(["--reward-model", "arith-lm=models/arith-reward", "--reward-model=gpt2=none"]));
    }

    [Fact]
    public void A_remote_model_is_an_id_served_by_backends_only()
    {
        Assert.Equal(["--Models:Remote:0=qwen", "--Models:Remote:1=llama"], CommandLineFlags.Rewrite(["--remote-model", "qwen", "--remote-model=llama"]));
    }

    [Fact]
    public void A_flag_without_its_value_is_an_error_that_shows_the_usage()
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLineFlags.Rewrite(["--port"]));
        Assert.Contains("--port needs a value", error.Message);
        Assert.Contains("--model <folder>", error.Message);
    }
}
