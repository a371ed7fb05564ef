using System.Collections.Generic;
using System.Linq;
using Architectures.Reporting;

namespace Architectures.Zoo;

/// <summary>The architectures declared in this project, looked up by name (case-insensitive).</summary>
public static class Catalog
{
    public static IReadOnlyList<ArchitectureInfo> All => Generated.DeclaredArchitectures.All;

    public static ArchitectureInfo? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, System.StringComparison.OrdinalIgnoreCase));
}
