using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Neo4jAura.Resolver;

/// <summary>Loads the module's dependencies from its dependencies/ folder, isolated from other modules' copies.</summary>
/// <remarks>
/// PowerShell 7: the dependencies load into an AssemblyLoadContext of our own (built by reflection, since
/// this assembly targets netstandard2.0), so another module's Polly or System.Text.Json cannot clash with ours.
/// Windows PowerShell 5.1: there is one load context per AppDomain; the handler loads our copies by simple
/// name, which also stands in for the binding redirects a .NET Framework host would need.
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
    private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "dependencies");
    private static readonly bool IsNetFramework = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);
    private static readonly object Gate = new();
    private static readonly Dictionary<string, Assembly> Loaded = new(StringComparer.OrdinalIgnoreCase);
    private static object? _context;
    private static MethodInfo? _loadFromPath;
    private static bool _hooked;

    /// <summary>Hooks assembly resolution when the module is imported.</summary>
    public void OnImport()
    {
        lock (Gate)
        {
            if (_hooked) return;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            _hooked = true;
        }
    }

    /// <summary>Unhooks assembly resolution when the module is removed.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            _hooked = false;
        }
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        string? simpleName = new AssemblyName(args.Name).Name;
        if (string.IsNullOrEmpty(simpleName)) return null;
        string path = Path.Combine(DependencyDirectory, simpleName + ".dll");
        if (!File.Exists(path)) return null;

        // Serve only our own assemblies and our dependencies, never another module's requests.
        Assembly? requester = args.RequestingAssembly;
        if (requester is not null && !IsOurs(requester)) return null;

        lock (Gate)
        {
            if (Loaded.TryGetValue(simpleName!, out Assembly? done)) return done;
            Assembly loaded = IsNetFramework ? Assembly.LoadFrom(path) : LoadIsolated(path);
            Loaded[simpleName!] = loaded;
            return loaded;
        }
    }

    private static bool IsOurs(Assembly assembly)
    {
        if (assembly.IsDynamic) return false;
        string location;
        try { location = assembly.Location; }
        catch (NotSupportedException) { return false; }
        if (string.IsNullOrEmpty(location)) return false;
        string? directory = Path.GetDirectoryName(location);
        return string.Equals(directory, ModuleDirectory, StringComparison.OrdinalIgnoreCase)
            || string.Equals(directory, DependencyDirectory, StringComparison.OrdinalIgnoreCase);
    }

    private static Assembly LoadIsolated(string path)
    {
        if (_context is null)
        {
            Type contextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false)
                ?? Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Private.CoreLib", throwOnError: true)!;
            _context = Activator.CreateInstance(contextType, "Neo4jAura", false);
            _loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
        }
        return (Assembly)_loadFromPath!.Invoke(_context, new object[] { path })!;
    }
}
