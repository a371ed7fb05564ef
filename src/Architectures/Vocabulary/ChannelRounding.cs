using System;

// Shared vocabulary (src/Architectures/Vocabulary): compiled into the runtime and, linked, into the netstandard2.0
// source generator, which reads attribute arguments into these very types. In the generator (ARCHITECTURES_GENERATOR)
// the namespace differs, so the two copies never meet where both assemblies are referenced (the tests).
#if ARCHITECTURES_GENERATOR
namespace Architectures.Generators.Vocabulary;
#else
namespace Architectures.Modules;
#endif

/// <summary>Channel rounding as timm and torchvision do it (the generator counts with the same rule).</summary>
public static class ChannelRounding
{
    /// <summary>
    /// make_divisible: the nearest multiple of <paramref name="divisor"/> to v, at least <paramref name="minimum"/>,
    /// plus one divisor when that lost more than 1 − <paramref name="roundLimit"/> of v (torchvision: 0.9).
    /// </summary>
    public static long MakeDivisible(double v, int divisor, int minimum, double roundLimit = 0.9)
    {
        if (divisor <= 0) throw new ArgumentOutOfRangeException(nameof(divisor), divisor, "must be positive");
        long value = Math.Max(minimum, (long)(v + divisor / 2.0) / divisor * divisor);
        if (value < roundLimit * v) value += divisor;
        return value;
    }
}
