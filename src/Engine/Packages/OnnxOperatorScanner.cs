using System.Text;

namespace Inference.Engine.Packages;

/// <summary>
/// Lists the operators an ONNX model file uses (domain and type of every node, in the main graph, in subgraphs held
/// by attributes, and in model-local functions), by walking just those fields of the protobuf and seeking past
/// everything else (weights included), so a large file costs a few reads. What the engine needs to know about an
/// export that its inputs and outputs do not say, e.g. whether attention is a GroupQueryAttention node.
/// </summary>
public static class OnnxOperatorScanner
{
    // Field numbers from onnx.proto: ModelProto.graph = 7, ModelProto.functions = 25; GraphProto.node = 1;
    // NodeProto.attribute = 5, op_type = 4, domain = 7; AttributeProto.g = 6, graphs = 11; FunctionProto.node = 7.
    private const int ModelGraph = 7, ModelFunctions = 25, GraphNode = 1, FunctionNode = 7;
    private const int NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7, AttributeGraph = 6, AttributeGraphs = 11;
    private const int MaxDepth = 16;

    /// <summary>The distinct operators, as "type" for the default domain and "domain.type" otherwise
    /// (e.g. "MatMul", "com.microsoft.GroupQueryAttention").</summary>
    public static IReadOnlySet<string> Scan(string modelFile)
    {
        using var stream = new FileStream(modelFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Reader(stream);
        reader.Message(stream.Length, (field, end) =>
        {
            if (field == ModelGraph) Graph(reader, end, found, 0);
            else if (field == ModelFunctions) Nodes(reader, end, FunctionNode, found, 0);
            else return false;
            return true;
        });
        return found;
    }

    private static void Graph(Reader reader, long end, HashSet<string> found, int depth) => Nodes(reader, end, GraphNode, found, depth);

    private static void Nodes(Reader reader, long end, int nodeField, HashSet<string> found, int depth)
    {
        if (depth > MaxDepth) throw new InvalidDataException("The ONNX graph nests subgraphs deeper than this scanner follows.");
        reader.Message(end, (field, nodeEnd) =>
        {
            if (field != nodeField) return false;
            string? type = null, domain = null;
            reader.Message(nodeEnd, (nodeFieldNumber, valueEnd) =>
            {
                switch (nodeFieldNumber)
                {
                    case NodeOpType: type = reader.String(valueEnd); return true;
                    case NodeDomain: domain = reader.String(valueEnd); return true;
                    case NodeAttribute:
                        reader.Message(valueEnd, (attributeField, graphEnd) =>
                        {
                            if (attributeField is not (AttributeGraph or AttributeGraphs)) return false;
                            Graph(reader, graphEnd, found, depth + 1);
                            return true;
                        });
                        return true;
                    default: return false;
                }
            });
            if (type is not null) found.Add(string.IsNullOrEmpty(domain) || domain == "ai.onnx" ? type : $"{domain}.{type}");
            return true;
        });
    }

    /// <summary>A forward-only protobuf reader over a seekable stream.</summary>
    private sealed class Reader(Stream stream)
    {
        /// <summary>
        /// Reads fields until <paramref name="end"/>. For each length-delimited field the handler gets its number and
        /// end offset and returns whether it consumed it; unconsumed fields and other wire types are skipped.
        /// </summary>
        public void Message(long end, Func<int, long, bool> lengthDelimited)
        {
            while (stream.Position < end)
            {
                var key = Varint();
                var field = (int)(key >> 3);
                switch ((int)(key & 7))
                {
                    case 0: Varint(); break;
                    case 1: Skip(8); break;
                    case 5: Skip(4); break;
                    case 2:
                        var length = (long)Varint();
                        var valueEnd = stream.Position + length;
                        if (length < 0 || valueEnd > end) throw new InvalidDataException("A protobuf field runs past its message.");
                        if (!lengthDelimited(field, valueEnd) || stream.Position != valueEnd) stream.Position = valueEnd;
                        break;
                    default: throw new InvalidDataException($"Unsupported protobuf wire type {key & 7} (field {field}).");
                }
            }
        }

        public string String(long end)
        {
            var bytes = new byte[end - stream.Position];
            stream.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }

        private ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = stream.ReadByte();
                if (b < 0) throw new EndOfStreamException("The ONNX file ends inside a field.");
                value |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new InvalidDataException("A protobuf varint is longer than 10 bytes.");
        }

        private void Skip(int bytes) => stream.Position += bytes;
    }
}
