using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Architectures.Benchmarks;

/// <summary>
/// SE-ResNet-50 written by hand the straightforward way, as one would write it in TorchSharp (torchvision's resnet50
/// with an SE module inserted before the residual add, timm's layout): modules for every operation, the SE block as
/// pool → 1×1 conv → ReLU → 1×1 conv → sigmoid → x·s, out += identity, ReLU. Same structure and state_dict keys as
/// the generated <c>SEResNet50</c> (the benchmark loads the generated weights into it and checks the outputs agree).
/// </summary>
public sealed class HandWrittenSEResNet50 : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    public HandWrittenSEResNet50(int classes = 1000) : base(nameof(HandWrittenSEResNet50))
    {
        conv1 = Conv2d(3, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        relu = ReLU(inplace: true);
        maxpool = MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
        long inplanes = 64;
        layer1 = MakeLayer(ref inplanes, 64, 3, 1);
        layer2 = MakeLayer(ref inplanes, 128, 4, 2);
        layer3 = MakeLayer(ref inplanes, 256, 6, 2);
        layer4 = MakeLayer(ref inplanes, 512, 3, 2);
        avgpool = AdaptiveAvgPool2d(1);
        fc = Linear(2048, classes);
        RegisterComponents();
    }

    private static Sequential MakeLayer(ref long inplanes, long planes, int blocks, long stride)
    {
        var layer = Sequential();
        for (int i = 0; i < blocks; i++)
        {
            long s = i == 0 ? stride : 1;
            Module<Tensor, Tensor>? downsample = i == 0
                ? Sequential(Conv2d(inplanes, planes * 4, kernel_size: 1, stride: s, bias: false), BatchNorm2d(planes * 4))
                : null;
            layer.append(new SEBottleneck(inplanes, planes, s, downsample));
            inplanes = planes * 4;
        }
        return layer;
    }

    public override Tensor forward(Tensor x)
    {
        x = maxpool.call(relu.call(bn1.call(conv1.call(x))));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return fc.call(torch.flatten(avgpool.call(x), 1));
    }

    private sealed class SEModule : Module<Tensor, Tensor>
    {
        private readonly AdaptiveAvgPool2d pool = AdaptiveAvgPool2d(1);
        private readonly Conv2d fc1;
        private readonly ReLU relu = ReLU(inplace: true);
        private readonly Conv2d fc2;
        private readonly Sigmoid gate = Sigmoid();

        public SEModule(long channels, long reduction) : base(nameof(SEModule))
        {
            fc1 = Conv2d(channels, channels / reduction, kernel_size: 1);
            fc2 = Conv2d(channels / reduction, channels, kernel_size: 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => x * gate.call(fc2.call(relu.call(fc1.call(pool.call(x)))));
    }

    private sealed class SEBottleneck : Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly Conv2d conv2;
        private readonly BatchNorm2d bn2;
        private readonly Conv2d conv3;
        private readonly BatchNorm2d bn3;
        private readonly ReLU relu = ReLU(inplace: true);
        private readonly SEModule se;
        private readonly Module<Tensor, Tensor>? downsample;

        public SEBottleneck(long inplanes, long planes, long stride, Module<Tensor, Tensor>? downsample) : base(nameof(SEBottleneck))
        {
            conv1 = Conv2d(inplanes, planes, kernel_size: 1, bias: false);
            bn1 = BatchNorm2d(planes);
            conv2 = Conv2d(planes, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
            bn2 = BatchNorm2d(planes);
            conv3 = Conv2d(planes, planes * 4, kernel_size: 1, bias: false);
            bn3 = BatchNorm2d(planes * 4);
            se = new SEModule(planes * 4, 16);
            this.downsample = downsample;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            Tensor identity = downsample is null ? x : downsample.call(x);
            Tensor output = relu.call(bn1.call(conv1.call(x)));
            output = relu.call(bn2.call(conv2.call(output)));
            output = se.call(bn3.call(conv3.call(output)));
            output.add_(identity);
            return relu.call(output);
        }
    }
}
