using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit.Sdk;

namespace Architectures.Tests.Generator;

/// <summary>
/// Approved-file snapshots: the text must equal Snapshots/NAME.approved.txt. A missing or different snapshot fails
/// and writes NAME.received.txt beside it; approved files are rewritten only when UPDATE_SNAPSHOTS=1.
/// </summary>
internal static class SnapshotAssert
{
    private static readonly string Directory = typeof(SnapshotAssert).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SnapshotDirectory").Value!;

    public static void Matches(string name, string actual)
    {
        actual = actual.Replace("\r\n", "\n");
        string approvedPath = Path.Combine(Directory, name + ".approved.txt");
        string receivedPath = Path.Combine(Directory, name + ".received.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(approvedPath, actual);
            File.Delete(receivedPath);
            return;
        }
        if (!File.Exists(approvedPath))
        {
            File.WriteAllText(receivedPath, actual);
            throw new XunitException($"No approved snapshot {approvedPath}. Review {receivedPath}, then rerun with UPDATE_SNAPSHOTS=1 to approve it.");
        }
        string approved = File.ReadAllText(approvedPath).Replace("\r\n", "\n");
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        string[] a = approved.Split('\n'), b = actual.Split('\n');
        int line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        throw new XunitException(
            $"Snapshot {name} differs at line {line + 1}:\n  approved: {(line < a.Length ? a[line] : "<end>")}\n  received: {(line < b.Length ? b[line] : "<end>")}\n" +
            $"Received text written to {receivedPath}; rerun with UPDATE_SNAPSHOTS=1 to approve it.");
    }
}
