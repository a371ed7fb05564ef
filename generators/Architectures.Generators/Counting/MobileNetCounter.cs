using System.Collections.Generic;
using System.Linq;
using Architectures.Generators.Model;
using static Architectures.Generators.Counting.Layers;

namespace Architectures.Generators.Counting;

/// <summary>The arithmetic of inverted-residual networks (MobileNetV2/V3, EfficientNet), with torchvision's layer names.</summary>
internal static class MobileNetCounter
{
    /// <summary>MobileNetV3's last convolution widens the last unit's output six times.</summary>
    public const int LastConvExpansion = 6;

    /// <summary>The module path of a unit: features.N (MobileNetV2/V3) or features.S.U (EfficientNet).</summary>
    public static string UnitName(MobileNetModel model, MobileUnitModel unit, int ordinal) =>
        model.Style == MobileStyle.EfficientNet ? $"features.{unit.Stage}.{unit.Index}" : $"features.{ordinal + 1}";

    /// <summary>The key of a unit's layer list: <c>conv</c> in torchvision's MobileNetV2, <c>block</c> elsewhere.</summary>
    public static string LayersName(MobileNetModel model) => model.Style == MobileStyle.MobileNetV2 ? "conv" : "block";

    public static int HeadIndex(MobileNetModel model) =>
        model.Style == MobileStyle.EfficientNet ? model.Units.Max(u => u.Stage) + 1 : model.Units.Count + 1;

    public static long HeadChannels(MobileNetModel model) => model.Style switch
    {
        MobileStyle.MobileNetV3 => (long)model.Units[model.Units.Count - 1].OutChannels * LastConvExpansion,
        MobileStyle.MobileNetV2 => model.LastChannel,
        _ => model.HeadChannels,
    };

    public static NetworkPlan Plan(MobileNetModel model)
    {
        var rows = new List<LayerRow>();
        var units = new List<MobileUnitPlan>();
        int size = OutputSize(model.InputSize, 3, 2, 1);
        var stem = new List<LayerRow>
        {
            Conv("features.0.0", model.InputChannels, model.StemChannels, 3, 2, size, depth: 1),
            Norm("features.0.1", model.StemChannels, size, depth: 1),
        };
        rows.Add(Container("features.0", "Conv2dNormActivation (stem)", 0, stem));
        rows.AddRange(stem);

        bool nested = model.Style == MobileStyle.EfficientNet;
        int unitDepth = nested ? 1 : 0;
        var stageRows = new List<LayerRow>();
        for (int i = 0; i < model.Units.Count; i++)
        {
            MobileUnitModel unit = model.Units[i];
            string prefix = UnitName(model, unit, i) + "." + LayersName(model);
            var children = new List<LayerRow>();
            int layer = 0;
            bool expands = unit.Expanded != unit.InChannels;
            if (expands)
            {
                children.Add(Conv($"{prefix}.{layer}.0", unit.InChannels, unit.Expanded, 1, 1, size, depth: unitDepth + 1));
                children.Add(Norm($"{prefix}.{layer}.1", unit.Expanded, size, depth: unitDepth + 1));
                layer++;
            }
            int outSize = OutputSize(size, unit.Kernel, unit.Stride, (unit.Kernel - 1) / 2);
            children.Add(Conv($"{prefix}.{layer}.0", unit.Expanded, unit.Expanded, unit.Kernel, unit.Stride, outSize, unit.Expanded, unitDepth + 1));
            children.Add(Norm($"{prefix}.{layer}.1", unit.Expanded, outSize, depth: unitDepth + 1));
            layer++;
            SEPlan? se = null;
            if (unit.HasSE && model.SE is { } knobs)
            {
                se = SEPlan.Create(knobs, unit.Expanded, unit.InChannels, unit.Expanded, unit.OutChannels, outSize);
                children.Add(Excitation($"{prefix}.{layer}", se, unitDepth + 1));
                layer++;
            }
            // MobileNetV2's projection is a bare convolution and batch norm (conv.N, conv.N+1), not a Conv2dNormActivation.
            bool bare = model.Style == MobileStyle.MobileNetV2;
            children.Add(Conv(bare ? $"{prefix}.{layer}" : $"{prefix}.{layer}.0", unit.Expanded, unit.OutChannels, 1, 1, outSize, depth: unitDepth + 1));
            children.Add(Norm(bare ? $"{prefix}.{layer + 1}" : $"{prefix}.{layer}.1", unit.OutChannels, outSize, depth: unitDepth + 1));

            // torchvision's EfficientNet: the drop probability grows linearly with the unit's position, and applies
            // only where there is a residual branch to drop.
            var plan = new MobileUnitPlan(unit, size, outSize, se, 0);
            if (nested && plan.HasResidual) plan = plan with { DropProbability = model.StochasticDepth * i / model.Units.Count };
            units.Add(plan);
            string kind = (nested ? "MBConv" : "InvertedResidual") + $" k{unit.Kernel}" + (unit.Stride > 1 ? $"/{unit.Stride}" : "") +
                          (se is not null ? " + SE" : "") + (plan.HasResidual ? " + residual" : "");
            var unitRows = new List<LayerRow> { Container(UnitName(model, unit, i), kind, unitDepth, children) };
            unitRows.AddRange(children);
            if (nested)
            {
                stageRows.AddRange(unitRows);
                bool lastOfStage = i == model.Units.Count - 1 || model.Units[i + 1].Stage != unit.Stage;
                if (lastOfStage)
                {
                    rows.Add(Container($"features.{unit.Stage}", $"Sequential ×{unit.Index + 1}", 0, stageRows));
                    rows.AddRange(stageRows);
                    stageRows = new List<LayerRow>();
                }
            }
            else
            {
                rows.AddRange(unitRows);
            }
            size = outSize;
        }

        long last = model.Units[model.Units.Count - 1].OutChannels;
        long head = HeadChannels(model);
        string headName = $"features.{HeadIndex(model)}";
        var headRows = new List<LayerRow> { Conv(headName + ".0", last, head, 1, 1, size, depth: 1), Norm(headName + ".1", head, size, depth: 1) };
        rows.Add(Container(headName, "Conv2dNormActivation (head)", 0, headRows));
        rows.AddRange(headRows);
        rows.Add(new LayerRow("avgpool", "global average pool", Shape(head), 0, 0, 0));
        if (model.Style == MobileStyle.MobileNetV3)
        {
            rows.Add(Linear("classifier.0", head, model.LastChannel));
            rows.Add(Linear("classifier.3", model.LastChannel, model.Classes));
        }
        else
        {
            rows.Add(Linear("classifier.1", head, model.Classes));
        }

        return new NetworkPlan(model, model.InputChannels, model.InputSize, model.Classes, Describe(model), rows) { MobileUnits = units };
    }

    public static string Describe(MobileNetModel model)
    {
        int withSE = model.Units.Count(u => u.HasSE);
        string se = withSE == 0 || model.SE is null ? "no SE" : $"{ExcitationCounter.DescribeKnobs(model.SE)} in {withSE} of {model.Units.Count} units";
        return model.Style switch
        {
            MobileStyle.MobileNetV3 => $"MobileNetV3, {model.Units.Count} inverted residuals, {model.Classes} classes, {se}",
            MobileStyle.MobileNetV2 => $"MobileNetV2, {model.Units.Count} inverted residuals in {model.Units.Max(u => u.Stage)} stages, {model.Classes} classes, {se}",
            _ => $"EfficientNet, {model.Units.Max(u => u.Stage)} stages of MBConv ({model.Units.Count} units), {model.Classes} classes, {se}",
        };
    }
}
