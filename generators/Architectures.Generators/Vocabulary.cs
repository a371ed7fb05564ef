// The shared vocabulary (src/Architectures/Vocabulary, linked in the project file): the generator reads attribute
// arguments into these very types, under its own namespace (ARCHITECTURES_GENERATOR).
global using Architectures.Generators.Vocabulary;
