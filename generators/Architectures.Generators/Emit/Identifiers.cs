using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Architectures.Generators.Emit;

/// <summary>
/// Names as the generated code and the hint names need them: a class written <c>@class</c> is named "class", which
/// must be escaped again in code (<c>partial class @class</c>) and is fine in a file name, where '@' is not.
/// </summary>
internal static class Identifiers
{
    /// <summary>A C# identifier for this name: keywords get their '@' back.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.RecordKeyword
            ? "@" + name : name;

    /// <summary>A dotted namespace with each part escaped.</summary>
    public static string EscapeNamespace(string dotted) => string.Join(".", dotted.Split('.').Select(Escape));

    /// <summary>
    /// A hint name made only of characters every file system and Roslyn accept: letters, digits, '_' and '.'; anything
    /// else becomes '_' (a class cannot contain '.', so distinct classes keep distinct names).
    /// </summary>
    public static string HintName(string? dottedNamespace, string className)
    {
        var text = new StringBuilder();
        foreach (char c in (dottedNamespace is null ? "" : dottedNamespace + ".") + className)
            text.Append(char.IsLetterOrDigit(c) || c is '_' or '.' ? c : '_');
        return text.ToString();
    }
}
