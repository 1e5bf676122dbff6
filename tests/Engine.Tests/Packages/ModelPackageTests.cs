using Inference.Engine.Packages;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Engine.Tests.Packages;

public sealed class ModelPackageTests
{
    [Fact]
    public void Gpt2ExportIsDiscoveredAsTheCombinedLayout()
    {
        var d = ModelFixtures.Gpt2.Descriptor;
        var i = d.Interface;
        Assert.Equal(KvCacheLayout.Combined, i.KvCache.Layout);
        Assert.Equal(TensorElementType.Int32, i.InputIdsType);
        Assert.Equal("attention_mask", i.AttentionMaskName);
        Assert.Equal(TensorElementType.Int32, i.AttentionMaskType);
        Assert.Equal("position_ids", i.PositionIdsName);
        Assert.Equal(5, i.KvCache.Layers);
        Assert.Equal(4, i.KvCache.KvHeads);
        Assert.Equal(8, i.KvCache.HeadSize);
        Assert.Equal(TensorElementType.Float, i.KvCache.ElementType);
        Assert.Equal(["past_0", "past_1", "past_2", "past_3", "past_4"], i.KvCache.PastNames);
        Assert.Equal("present_0", i.KvCache.PresentNames[0]);
        Assert.Equal(1000, d.VocabSize);
        Assert.True(d.TokenizerVocabSize >= 50257, d.TokenizerVocabSize.ToString());
        Assert.Equal(512, d.ContextLength);
        Assert.Equal([98], d.EosTokenIds);
        Assert.Equal("past.onnx", d.DecoderFile);
        Assert.Equal("cpu", d.Device);
        // The fixture's tokenizer knows far more tokens than its model, and its eos disagrees with the config.
        Assert.Contains(d.Warnings, w => w.Contains($"{d.TokenizerVocabSize} tokens") && w.Contains("1000 wide"));
        Assert.Contains(d.Warnings, w => w.Contains("<|endoftext|>"));
    }

    [Theory]
    [InlineData("tiny-llama/fp32", TensorElementType.Float)]
    [InlineData("tiny-llama/fp16", TensorElementType.Float16)]
    public void OptimumStyleLlamaIsDiscoveredAsSeparateKeyValue(string folder, TensorElementType kvType)
    {
        var d = ModelFixtures.Load(folder).Descriptor;
        var i = d.Interface;
        Assert.Equal(KvCacheLayout.SeparateKeyValue, i.KvCache.Layout);
        Assert.Equal(TensorElementType.Int64, i.InputIdsType);
        Assert.Equal(TensorElementType.Int64, i.AttentionMaskType);
        Assert.Equal(TensorElementType.Int64, i.PositionIdsType);
        Assert.Equal(2, i.KvCache.Layers);
        Assert.Equal(2, i.KvCache.KvHeads);      // grouped-query attention: 4 query heads share 2 KV heads
        Assert.Equal(8, i.KvCache.HeadSize);
        Assert.Equal(kvType, i.KvCache.ElementType);
        Assert.Equal(kvType, i.LogitsType);
        Assert.Equal(["past_key_values.0.key", "past_key_values.0.value", "past_key_values.1.key", "past_key_values.1.value"], i.KvCache.PastNames);
        Assert.Equal(["present.0.key", "present.0.value", "present.1.key", "present.1.value"], i.KvCache.PresentNames);
        Assert.Equal(99, d.VocabSize);
        Assert.Equal(128, d.ContextLength);
        Assert.Equal("llama", d.ModelType);
        Assert.True(d.HasChatTemplate);
        Assert.Empty(d.Warnings);
    }

    [Fact]
    public void ConfigThatDisagreesWithTheGraphGivesWarningsAndTheGraphWins()
    {
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            foreach (var file in Directory.GetFiles(ModelFixtures.Path("tiny-llama/fp32")))
                File.Copy(file, System.IO.Path.Combine(folder.FullName, System.IO.Path.GetFileName(file)));
            var genai = System.IO.Path.Combine(folder.FullName, "genai_config.json");
            var text = File.ReadAllText(genai)
                .Replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 4")
                .Replace("\"position_ids\": \"position_ids\"", "\"position_ids\": \"position_ids\", \"token_type_ids\": \"token_type_ids\"")
                .Replace("\"vocab_size\": 99", "\"vocab_size\": 32000");
            File.WriteAllText(genai, text);
            using var package = ModelPackage.Load(folder.FullName);
            var d = package.Descriptor;
            Assert.Equal(2, d.Interface.KvCache.KvHeads);
            Assert.Equal(99, d.VocabSize);
            Assert.Contains(d.Warnings, w => w.Contains("4 key/value heads") && w.Contains("using 2"));
            Assert.Contains(d.Warnings, w => w.Contains("vocab_size 32000"));
            Assert.Contains(d.Warnings, w => w.Contains("token_type_ids"));
        }
        finally
        {
            folder.Delete(true);
        }
    }

    [Fact]
    public void IdsOutsideTheModelsVocabularyAreRejected()
    {
        var package = ModelFixtures.Gpt2;
        var ids = package.Tokenizer.Encode("Hello world, this is text");
        Assert.Contains(ids, id => id >= 1000);
        var error = Assert.Throws<TokenIdOutOfRangeException>(() => package.ValidateTokenIds(ids));
        Assert.Equal(1000, error.VocabularySize);
        package.ValidateTokenIds([0, 1, 999]);
        Assert.Throws<TokenIdOutOfRangeException>(() => package.ValidateTokenIds([-1]));
    }

    [Fact]
    public void MissingFolderOrDecoderIsAClearError()
    {
        Assert.Contains("does not exist", Assert.Throws<ModelPackageException>(() => ModelPackage.Load("/no/such/folder")).Message);
        var empty = Directory.CreateTempSubdirectory();
        try
        {
            File.Copy(System.IO.Path.Combine(ModelFixtures.Gpt2Directory, "tokenizer.json"), System.IO.Path.Combine(empty.FullName, "tokenizer.json"));
            var error = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(empty.FullName));
            Assert.Contains("No decoder model found", error.Message);
        }
        finally
        {
            empty.Delete(true);
        }
    }

    [Fact]
    public void AModelThatIsNotADecoderIsRejectedByName()
    {
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            File.Copy(System.IO.Path.Combine(ModelFixtures.Gpt2Directory, "tokenizer.json"), System.IO.Path.Combine(folder.FullName, "tokenizer.json"));
            File.WriteAllText(System.IO.Path.Combine(folder.FullName, "genai_config.json"), """{"model": {"context_length": 64, "eos_token_id": 1}}""");
            File.Copy(ModelFixtures.Path("runtime/int64_ops.onnx"), System.IO.Path.Combine(folder.FullName, "model.onnx"));
            var error = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(folder.FullName));
            Assert.Contains("model.onnx", error.Message);
            Assert.Contains("no key/value cache inputs", error.Message);
        }
        finally
        {
            folder.Delete(true);
        }
    }
}
