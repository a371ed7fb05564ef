using Architectures.CommandLine;

// The Zoo's networks, ResNet-20 vs SE-ResNet-20 when `train` is given no --models.
return Arch.Run(args, new ArchHost
{
    Assemblies = [typeof(Architectures.Zoo.Catalog).Assembly],
    DefaultModels = ["ResNet20", "SEResNet20"],
});
