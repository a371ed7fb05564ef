// Lists TorchSharp's public methods that make a Scalar (an implicit conversion or ToScalar) and do not dispose it, directly
// or through TorchSharp's own calls: the calls whose temporary scalar a collection on another thread can free mid-call
// (README: "TorchSharp's temporary scalars"). Its output is UnsafeTorchSharpMethods.txt in
// generators/Architectures.Generators/Analysis/, which ARCH055 and TemporaryScalarTests read; rerun it when TorchSharp's
// version changes:  dotnet run --project scripts/torchsharp-scalar-scan > generators/Architectures.Generators/Analysis/UnsafeTorchSharpMethods.txt
using System.Reflection;
using System.Reflection.Emit;
using TorchSharp;
var asm = typeof(Scalar).Assembly;
var one = new Dictionary<short, OpCode>(); var two = new Dictionary<short, OpCode>();
foreach (var f in typeof(OpCodes).GetFields(BindingFlags.Public|BindingFlags.Static)) { var oc=(OpCode)f.GetValue(null)!; if (oc.Size==1) one[oc.Value]=oc; else two[oc.Value]=oc; }
var callees = new Dictionary<MethodBase, List<MethodBase>>();
var creates = new Dictionary<MethodBase, (int made, int disposed)>();
foreach (var t in asm.GetTypes()) {
  foreach (var m in t.GetMethods(BindingFlags.Public|BindingFlags.NonPublic|BindingFlags.Instance|BindingFlags.Static|BindingFlags.DeclaredOnly).Cast<MethodBase>().Concat(t.GetConstructors(BindingFlags.Public|BindingFlags.NonPublic|BindingFlags.Instance|BindingFlags.DeclaredOnly))) {
    byte[]? il; try { il = m.GetMethodBody()?.GetILAsByteArray(); } catch { continue; }
    if (il == null) continue;
    var list = new List<MethodBase>(); int made=0, disposed=0;
    int i=0;
    while (i<il.Length) {
      OpCode oc; if (il[i]==0xFE) { oc = two[(short)(0xFE00|il[i+1])]; i+=2; } else { oc = one[il[i]]; i+=1; }
      int sz = oc.OperandType switch { OperandType.InlineNone=>0, OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar=>1, OperandType.InlineVar=>2, OperandType.InlineI8 or OperandType.InlineR=>8, OperandType.InlineSwitch=> 4+4*BitConverter.ToInt32(il,i), _=>4 };
      if (oc.OperandType==OperandType.InlineMethod) {
        try { var cm = m.Module.ResolveMethod(BitConverter.ToInt32(il,i), t.IsGenericType? t.GetGenericArguments():null, m.IsGenericMethod? m.GetGenericArguments():null);
          if (cm!=null) {
            if ((cm.DeclaringType==typeof(Scalar) && cm.Name=="op_Implicit") || (cm.DeclaringType?.Name=="ScalarExtensionMethods" && cm.Name.StartsWith("To") && cm.Name.EndsWith("Scalar"))) made++;
            else if (cm.Name=="Dispose" && (cm.DeclaringType==typeof(Scalar) || cm.DeclaringType==typeof(IDisposable))) disposed++;
            else if (cm.Module==m.Module) list.Add(cm);
          }
        } catch {}
      }
      i+=sz;
    }
    callees[m]=list; if (made>0) creates[m]=(made,disposed);
  }
}
// transitive: methods reaching a creator, depth-limited path
var reach = new Dictionary<MethodBase,string>();
foreach (var kv in creates) if (kv.Key.DeclaringType!=typeof(Scalar) && kv.Value.made > kv.Value.disposed) reach[kv.Key] = $"makes {kv.Value.made}, disposes {kv.Value.disposed}";
bool changed=true; int rounds=0;
while (changed && rounds++<6) { changed=false;
  foreach (var kv in callees) { if (reach.ContainsKey(kv.Key)) continue;
    var hit = kv.Value.FirstOrDefault(c => reach.ContainsKey(c) );
    if (hit!=null) { reach[kv.Key] = "via " + hit.DeclaringType!.Name + "." + hit.Name + "(" + string.Join(",",hit.GetParameters().Select(p=>p.ParameterType.Name)) + ")"; changed=true; } } }
foreach (var key in reach.Keys.Where(m => m.IsPublic && !m.DeclaringType!.FullName!.Contains('<'))
             .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}({string.Join(",", m.GetParameters().Select(p => p.ParameterType.Name))})")
             .Distinct().OrderBy(k => k, StringComparer.Ordinal))
    Console.WriteLine(key);

