// The shared vocabulary (src/Architectures/Vocabulary, linked in the project file) under the generator's older names.
global using Architectures.Generators.Vocabulary;
global using BlockKind = Architectures.Generators.Vocabulary.Block;
global using StemKind = Architectures.Generators.Vocabulary.Stem;
global using ShortcutKind = Architectures.Generators.Vocabulary.Shortcut;
global using StrideOnKind = Architectures.Generators.Vocabulary.StrideOn;
global using Placement = Architectures.Generators.Vocabulary.SEPlacement;
global using SqueezeKind = Architectures.Generators.Vocabulary.Squeeze;
global using GateKind = Architectures.Generators.Vocabulary.Gate;
global using ActivationKind = Architectures.Generators.Vocabulary.Activation;
global using ReferenceKind = Architectures.Generators.Vocabulary.ReferenceWidth;
global using RoundingKind = Architectures.Generators.Vocabulary.Rounding;
