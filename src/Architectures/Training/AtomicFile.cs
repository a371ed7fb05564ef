using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace Architectures.Training;

/// <summary>
/// Writes files so that readers only ever see the old complete file or the new complete file: the content goes to a
/// temporary file in the same folder, is flushed to disk, and then renamed over the target (atomic on one file system).
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        // A writer killed mid-way (SIGKILL, power loss) leaves its temporary file behind; the next write of the same
        // target removes it.
        RemoveStaleTemporaries(folder, Path.GetFileName(full));
        // Unique per writer (process and call), so concurrent writers of one path never share a temporary file.
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            using var writer = new StreamWriter(s, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>
    /// Deletes the temporary files that writers which no longer run left in <paramref name="folder"/> (of
    /// <paramref name="target"/> only, or of every target): those whose process id is not a live process. A live
    /// process's temporaries are kept, since it may be writing them now. Returns the paths deleted.
    /// </summary>
    public static IReadOnlyList<string> RemoveStaleTemporaries(string folder, string? target = null)
    {
        var removed = new List<string>();
        if (!Directory.Exists(folder)) return removed;
        string pattern = target is null ? ".*.tmp" : $".{target}.*.tmp";
        try
        {
            foreach (string path in Directory.EnumerateFiles(folder, pattern))
            {
                var match = TemporaryName.Match(Path.GetFileName(path));
                if (!match.Success || (target is not null && match.Groups["target"].Value != target)) continue;
                if (!int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    || IsRunning(pid)) continue;
                if (TryDelete(path)) removed.Add(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying up is best effort: a folder that cannot be listed must not fail the write that asked for it.
        }
        return removed;
    }

    /// <summary>.&lt;target&gt;.&lt;pid&gt;.&lt;32 hex digits&gt;.tmp, as <see cref="Write"/> names them.</summary>
    private static readonly Regex TemporaryName = new(@"^\.(?<target>.+)\.(?<pid>\d+)\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant);

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; } // no such process
        catch (InvalidOperationException) { return false; }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
