using System;
using System.Linq;
using Architectures.CommandLine;
using Architectures.Studies;
using Architectures.Tests.Training;
using Architectures.Zoo;
using Xunit;

namespace Architectures.Tests.Studies;

/// <summary>The Zoo's study declarations (the paper's Tables 2 and 10–16), bad declarations, and `arch ablate`.</summary>
public class StudyDeclarationTests
{
    [Fact]
    public void ZooDeclaresThePapersTables()
    {
        Runtime.TorchSetup.Once();
        var studies = StudyCatalog.All.ToDictionary(s => s.Name);
        Assert.Equal(["se", "reduction", "squeeze", "gate", "stages", "placement", "after3x3", "nosqueeze"], studies.Keys);
        var reduction = studies["reduction"];
        Assert.Equal("Table 10", reduction.Table);
        Assert.Equal(["r = 2", "r = 4", "r = 8", "r = 16", "r = 32"], reduction.Variants.Select(v => v.Label));
        Assert.Equal("SEResNet20", reduction.Reference.Architecture.Name);
        // Fewer SE parameters as r grows (stage 1 keeps one hidden unit at r = 32).
        var se = reduction.Variants.Select(v => v.Architecture.Report.SEParameters).ToList();
        Assert.Equal(se.OrderByDescending(p => p), se);
        Assert.Equal(22.72, reduction.Variants[^1].PaperTop1Error);
        // The plain base is shown once, first, under the label its study gives it.
        Assert.Equal(["no SE", "SE"], studies["se"].Rows.Select(r => r.Label));
        Assert.Equal(["ResNet20", "average", "max"], studies["squeeze"].Rows.Select(r => r.Label));
    }

    [Fact]
    public void BadDeclarationsNameTheProperty()
    {
        Runtime.TorchSetup.Once();
        var labels = Assert.Throws<StudyDeclarationException>(() => Study.FromAttribute(new StudyAttribute("x")
        {
            Base = typeof(ResNet20), Variants = [typeof(SEResNet20)], Labels = ["a", "b"],
        }));
        Assert.Equal("[assembly: Study(\"x\")]: Labels has 2 entries for 1 Variants", labels.Message);
        var notNetwork = Assert.Throws<StudyDeclarationException>(() => Study.FromAttribute(new StudyAttribute("x")
        {
            Base = typeof(ResNet20), Variants = [typeof(string)],
        }));
        Assert.Contains("Variants[0]: System.String is not a declared architecture", notNetwork.Message);
        Assert.Contains("Base is not set", Assert.Throws<StudyDeclarationException>(() =>
            Study.FromAttribute(new StudyAttribute("x") { Variants = [typeof(SEResNet20)] })).Message);
        Assert.Contains("Reference ResNet20 is not one of the Variants", Assert.Throws<StudyDeclarationException>(() =>
            Study.FromAttribute(new StudyAttribute("x") { Base = typeof(ResNet20), Variants = [typeof(SEResNet20)], Reference = typeof(ResNet20) })).Message);
    }

    private static (int Code, string Out, string Error) Run(params string[] args) => Runtime.InProcessCli.Run(args);

    [Fact]
    public void AnInterruptedStudySaysHowToContinueIt()
    {
        Runtime.TorchSetup.Once();
        using var scratch = TestData.Scratch();
        var error = new System.IO.StringWriter();
        int code = CliApp.Run(new[] { "ablate", "squeeze", "--data", "sample", "--seeds", "1", "--epochs", "1", "-o", scratch.File("s") },
            CliContext.ForWriters(new System.IO.StringWriter(), error, new System.Threading.CancellationToken(canceled: true)));
        Assert.Equal(CliApp.Interrupted, code);
        Assert.Contains("run the same `arch ablate` command again to continue", error.ToString());
        Assert.DoesNotContain("--resume", error.ToString());
    }

    [Fact]
    public void AblateListsStudiesAndRejectsUnknownOnes()
    {
        var list = Run("ablate", "--list");
        Assert.Equal(0, list.Code);
        Assert.Contains("Table 14", list.Out);
        Assert.Contains("POST = SEPostResNet20", list.Out);

        using var scratch = TestData.Scratch();
        var unknown = Run("ablate", "nosuch", "-o", scratch.Path);
        Assert.Equal(CliApp.Usage, unknown.Code);
        Assert.StartsWith("error: unknown study nosuch; known: se, reduction", unknown.Error);
        var none = Run("ablate", "-o", scratch.Path);
        Assert.Equal(CliApp.Usage, none.Code);
        Assert.Contains("name one or more studies", none.Error);
        Assert.Equal(CliApp.Usage, Run("ablate", "squeeze", "--seeds", "0", "-o", scratch.File("s")).Code);
        Assert.Contains("--figure-class 10: must be 0 to 9", Run("ablate", "squeeze", "--figure-class", "10", "-o", scratch.File("s")).Error);
        Assert.Contains("is not a study folder", Run("ablate", "squeeze", "--tables-only", "-o", scratch.File("none")).Error);
        Assert.False(System.IO.Directory.Exists(scratch.File("none")));
    }

    [Fact]
    public void AblateWritesTheTableCsvAndPlot()
    {
        using var scratch = TestData.Scratch();
        var result = Run("ablate", "nosqueeze", "--data", "sample", "--seeds", "1", "--epochs", "1", "--train-images", "100",
            "--test-images", "50", "--batch-size", "25", "-t", "1", "-o", scratch.Path);
        Assert.True(result.Code == 0, result.Error);
        Assert.Contains("### Table 16: no squeeze", result.Out);
        Assert.True(System.IO.File.Exists(scratch.File("nosqueeze.md")));
        Assert.StartsWith(StudyResults.CsvHeader, System.IO.File.ReadAllText(scratch.File("nosqueeze.csv")));
        Assert.True(new System.IO.FileInfo(scratch.File("nosqueeze.png")).Length > 5000);

        // The same command again resumes: nothing left to train; --tables-only rewrites the tables only.
        var again = Run("ablate", "nosqueeze", "--figures", "--figure-class", "1", "-o", scratch.Path);
        Assert.True(again.Code == 0, again.Error);
        Assert.Contains("Mean sd within Trouser", again.Out);
        Assert.True(new System.IO.FileInfo(scratch.File("SEResNet20-seed1-fig6.png")).Length > 5000);
        Assert.True(new System.IO.FileInfo(scratch.File("SEResNet20-seed1-fig7.png")).Length > 5000);
        Assert.StartsWith("block,class,class_name,images,channel,mean_excitation,sd_excitation\nlayer1.2.se,0,T-shirt/top,5,0,",
            System.IO.File.ReadAllText(scratch.File("SEResNet20-seed1-excitations.csv")));
        Assert.Equal(3, again.Out.Split("finished earlier, skipped").Length - 1);
        var other = Run("ablate", "nosqueeze", "--epochs", "2", "-o", scratch.Path);
        Assert.Equal(CliApp.Usage, other.Code);
        Assert.StartsWith($"error: --epochs: the study folder {scratch.Path} was started with 1, not 2", other.Error);
        Assert.Contains("--train-images: the study folder", Run("ablate", "nosqueeze", "--seeds", "1", "--train-images", "2000", "-o", scratch.Path).Error);
    }
}
