using System;
using System.Linq;
using Architectures.Modules;
using Architectures.Zoo;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Architectures.Tests.Runtime;

/// <summary>One SE block checked number by number against s = gate(W₂ δ(W₁ z + b₁) + b₂), x̃_c = s_c · u_c, computed by hand.</summary>
public class SqueezeExcitationFormulaTests
{
    public SqueezeExcitationFormulaTests() => TorchSetup.Once();

    /// <summary>The paper's formula in plain C# loops over one image [C, H, W].</summary>
    private static double[,,] ByHand(float[,,] u, float[,] w1, float[] b1, float[,] w2, float[] b2, Squeeze squeeze, Gate gate)
    {
        int c = u.GetLength(0), h = u.GetLength(1), w = u.GetLength(2), rd = w1.GetLength(0);
        var z = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0, max = double.NegativeInfinity;
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                {
                    sum += u[ch, i, j];
                    max = Math.Max(max, u[ch, i, j]);
                }
            z[ch] = squeeze == Squeeze.Average ? sum / (h * w) : max;
        }
        var hidden = new double[rd];
        for (int r = 0; r < rd; r++)
        {
            double a = b1[r];
            for (int ch = 0; ch < c; ch++) a += w1[r, ch] * z[ch];
            hidden[r] = Math.Max(0, a); // δ = ReLU
        }
        var result = new double[c, h, w];
        for (int ch = 0; ch < c; ch++)
        {
            double a = b2[ch];
            for (int r = 0; r < rd; r++) a += w2[ch, r] * hidden[r];
            double s = gate switch
            {
                Gate.Sigmoid => 1 / (1 + Math.Exp(-a)),
                Gate.Tanh => Math.Tanh(a),
                _ => Math.Max(0, a),
            };
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                    result[ch, i, j] = s * u[ch, i, j];
        }
        return result;
    }

    private static float[,] Matrix(Tensor weight) // [out, in, 1, 1] → [out, in]
    {
        var flat = weight.flatten(1);
        var m = new float[flat.shape[0], flat.shape[1]];
        var data = flat.data<float>().ToArray();
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++)
                m[i, j] = data[i * m.GetLength(1) + j];
        return m;
    }

    private static void AssertMatchesFormula(SqueezeExcitation se, Tensor u, Squeeze squeeze, Gate gate)
    {
        var p = se.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        using var output = se.call(u);
        long c = u.shape[1], h = u.shape[2], w = u.shape[3];
        for (int n = 0; n < u.shape[0]; n++)
        {
            var image = new float[c, h, w];
            var values = u[n].data<float>().ToArray();
            Buffer.BlockCopy(values, 0, image, 0, values.Length * sizeof(float));
            double[,,] expected = ByHand(image, Matrix(p["fc1.weight"]), p["fc1.bias"].data<float>().ToArray(),
                Matrix(p["fc2.weight"]), p["fc2.bias"].data<float>().ToArray(), squeeze, gate);
            float[] actual = output[n].data<float>().ToArray();
            for (int i = 0; i < actual.Length; i++)
            {
                double e = expected[i / (h * w), i / w % h, i % w];
                Assert.True(Math.Abs(e - actual[i]) <= 1e-5 * (1 + Math.Abs(e)), $"element {i}: by hand {e}, module {actual[i]}");
            }
        }
    }

    [Theory]
    [InlineData(Squeeze.Average, Gate.Sigmoid)]
    [InlineData(Squeeze.Max, Gate.Sigmoid)]
    [InlineData(Squeeze.Average, Gate.Tanh)]
    [InlineData(Squeeze.Average, Gate.ReLU)]
    public void StandaloneBlockMatchesThePaper(Squeeze squeeze, Gate gate)
    {
        manual_seed(7);
        using var se = new SqueezeExcitation(8, reducedChannels: 2, squeeze, gate);
        using var u = randn(2, 8, 3, 5);
        AssertMatchesFormula(se, u, squeeze, gate);
    }

    [Fact]
    public void GeneratedNetworksSEBlockMatchesThePaperAndAddsTwoCSquaredOverRWeights()
    {
        manual_seed(11);
        using var network = new SEResNet20();
        var se = (SqueezeExcitation)network.named_modules().Single(m => m.name == "layer2.1.se").module;
        Assert.Equal(32, se.Channels);
        Assert.Equal(8, se.ReducedChannels); // r = 4
        // 2C²/r weights (Eq. 5) + C/r + C biases.
        Assert.Equal(2 * 32 * 32 / 4 + 8 + 32, se.parameters().Sum(p => p.numel()));
        using var u = randn(3, 32, 14, 14);
        AssertMatchesFormula(se, u, Squeeze.Average, Gate.Sigmoid);
    }

    [Fact]
    public void ExcitationIsTheChannelWeights()
    {
        manual_seed(3);
        using var se = new SqueezeExcitation(6, reducedChannels: 3);
        using var u = randn(2, 6, 4, 4);
        using var s = se.Excite(u);
        Assert.Equal(new long[] { 2, 6, 1, 1 }, s.shape);
        Assert.True(s.min().item<float>() > 0 && s.max().item<float>() < 1, "sigmoid gate lies in (0, 1)");
        using var scaled = se.call(u);
        Assert.True(allclose(scaled, u * s));
    }
}
