using System.IO;
using System.Linq;
using System.Reflection;

namespace Architectures.Tests.Generator;

/// <summary>Declarations the generator tests compile: the examples' own files, and a few cases only tests need.</summary>
internal static class FamilySources
{
    private static readonly string ZooDirectory = typeof(FamilySources).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ZooDirectory").Value!;

    /// <summary>A declaration file of examples/Architectures.Zoo, as written there.</summary>
    public static string Zoo(string file) => File.ReadAllText(Path.Combine(ZooDirectory, file));

    private const string Usings = "using Architectures;\nusing TorchSharp;\nusing static TorchSharp.torch;\nusing static TorchSharp.torch.nn;\nnamespace Demo;\n";

    public static string Get(string name) => Usings + name switch
    {
        "EcaVariant" => """
            [Excitation(Kind = ExcitationKind.CircularECA)]
            public partial class Eca;
            """,
        "IdentityCustomBlock" => """
            [CustomBlock(Channels = 64)]
            [SEBlock(Reduction = 16, Placement = SEPlacement.Identity)]
            public partial class TwoConvBlock
            {
                private readonly TorchSharp.Modules.Conv2d conv1 = Conv2d(64, 64, kernel_size: 3, padding: 1, bias: false);
                private partial Tensor Branch(Tensor x) => conv1.call(x);
            }
            """,
        _ => throw new System.ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
