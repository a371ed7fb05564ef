using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Architectures.Generators;
using Architectures.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Architectures.Tests.Generator;

/// <summary>
/// Test-only adapter: reports the <see cref="ArchitectureGenerator"/>'s diagnostics as an analyzer's, so that Roslyn's
/// code-fix test framework (which takes its diagnostics from a <see cref="DiagnosticAnalyzer"/>) can drive the fixes.
/// The generator runs once per compilation (only here: the test compiles without it); its diagnostics keep their ID,
/// severity, message and properties.
/// </summary>
// The rules for shipped compiler extensions (netstandard2.0, no Workspaces, extended rules) do not apply to an
// analyzer that only the test framework loads, inside this test assembly.
#pragma warning disable RS1036, RS1038, RS1041
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorDiagnosticsAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.All.ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        // The generator reports wherever a declaration is, generated code included; the adapter does the same.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // One generator run per compilation, shared by the per-document actions.
            var run = new Lazy<ImmutableArray<Diagnostic>>(() => Run(start.Compilation, start.CancellationToken));
            // A diagnostic in a document is reported from that document's action, so it is local to it, as the framework
            // requires of a diagnostic a code fix fixes; one outside every document is reported at the compilation's end.
            start.RegisterSemanticModelAction(c =>
            {
                foreach (Diagnostic d in run.Value)
                    if (d.Location.SourceTree == c.SemanticModel.SyntaxTree) c.ReportDiagnostic(d);
            });
            start.RegisterCompilationEndAction(c =>
            {
                foreach (Diagnostic d in run.Value)
                    if (!d.Location.IsInSource) c.ReportDiagnostic(d);
            });
        });
    }

    private static ImmutableArray<Diagnostic> Run(Compilation compilation, CancellationToken cancellationToken)
    {
        var parseOptions = (CSharpParseOptions?)compilation.SyntaxTrees.FirstOrDefault()?.Options;
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ArchitectureGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
            .RunGenerators(compilation, cancellationToken);
        return driver.GetRunResult().Diagnostics.Select(d => InSource(d, compilation)).ToImmutableArray();
    }

    /// <summary>
    /// The generator keeps no syntax trees in its models, so its locations are external-file ones (path and span);
    /// the test framework and the fixes need a location in the document, so the span is put back on the tree of that path.
    /// </summary>
    private static Diagnostic InSource(Diagnostic diagnostic, Compilation compilation)
    {
        Location location = diagnostic.Location;
        if (location.Kind != LocationKind.ExternalFile) return diagnostic;
        string path = location.GetLineSpan().Path;
        SyntaxTree? tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == path);
        if (tree is null) return diagnostic;
        DiagnosticDescriptor descriptor = diagnostic.Descriptor;
        // Diagnostic has no public "with location": the message is passed already formatted, everything else as reported.
        return Diagnostic.Create(descriptor.Id, descriptor.Category, diagnostic.GetMessage(), diagnostic.Severity, descriptor.DefaultSeverity,
            descriptor.IsEnabledByDefault, diagnostic.WarningLevel, descriptor.Title, descriptor.Description, descriptor.HelpLinkUri,
            Location.Create(tree, location.SourceSpan), diagnostic.AdditionalLocations, descriptor.CustomTags, diagnostic.Properties);
    }
}
